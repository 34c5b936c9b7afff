package govsearch.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node on loopback, embedded in this process.
 *
 * <p>Arguments: HOME NAME HTTP_PORT TRANSPORT_PORT SEED_PORTS NODE_NAMES, where
 * SEED_PORTS are the transport ports of every node and NODE_NAMES the names
 * of every node (comma-separated), which bootstrap the cluster together.
 *
 * <p>The modules a distribution loads from its modules/ folder are not found
 * on a classpath: netty4 (HTTP and transport) and analysis-common (the
 * pattern tokenizer govsearch's mapping uses) are passed to the node here.
 */
public final class OpenSearchNode {
    private OpenSearchNode() {}

    /** A node with the plugins it is given instead of those it would look for on disk. */
    static final class EmbeddedNode extends Node {
        EmbeddedNode(Environment environment, List<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println(
                "usage: OpenSearchNode HOME NAME HTTP_PORT TRANSPORT_PORT SEED_PORTS NODE_NAMES");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String name = args[1];
        StringBuilder seeds = new StringBuilder();
        for (String port : args[4].split(",")) {
            if (seeds.length() > 0) {
                seeds.append(',');
            }
            seeds.append("127.0.0.1:").append(port.trim());
        }
        Settings settings = Settings.builder()
            .put("cluster.name", "govsearch-test")
            .put("node.name", name)
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").resolve(name).toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", args[2])
            .put("transport.port", args[3])
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .putList("discovery.seed_hosts", seeds.toString().split(","))
            .putList("cluster.initial_cluster_manager_nodes", args[5].split(","))
            // A test machine's disk is often nearly full; shards must still be allocated.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", false)
            .build();
        LogConfigurator.configureWithoutConfig(settings);
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), null, () -> name);
        Node node = new EmbeddedNode(
            environment, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (IOException e) {
                System.err.println("closing the node: " + e);
            }
            stopped.countDown();
        }));
        node.start();
        System.out.println("started " + name + " on http://127.0.0.1:" + args[2]);
        stopped.await();
    }
}
