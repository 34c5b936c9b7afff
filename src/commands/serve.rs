//! `govsearch serve`: the archive's page and read-only JSON API over the
//! same engine as the command line (axum on tokio). It binds loopback by
//! default, answers only `Host` names of this machine (against DNS
//! rebinding), sends no CORS headers, escapes nothing itself because the
//! page builds every node with `textContent`, and sends a strict CSP.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use axum::body::Body;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use clap::Args;
use govsearch::archive::{self, By, KwicSort, TrendRequest};
use govsearch::opensearch::search::Remote;
use govsearch::render;
use govsearch::search::cache::AnswerCache;
use govsearch::search::live::LiveEngine;
use govsearch::search::syntax::{parse_with_filters, parse_years};
use govsearch::search::{Engine, Filters, SearchRequest};
use serde_json::json;
use tokio::sync::Semaphore;

const PAGE: &str = include_str!("serve/index.html");
const SCRIPT: &str = include_str!("serve/app.js");
const STYLE: &str = include_str!("serve/app.css");
const OPENAPI: &str = include_str!("serve/openapi.json");

/// Longest query text accepted, in characters.
const MAX_QUERY_CHARS: usize = 200;
/// Most hits in one page of the API.
const MAX_LIMIT: usize = 100;
/// Most hits in one export; the file says when it stopped there.
const MAX_EXPORT: usize = 10_000;
/// Widest KWIC context.
const MAX_WIDTH: usize = 100;
/// Most terms in one trend.
const MAX_TERMS: usize = 5;
/// Trend, KWIC and export requests run at most this many at once (the
/// machine's cores); more wait in line, and get 503 after `QUEUE_WAIT`.
const HEAVY_REQUESTS: usize = 2;
/// Searches computed at once (the machine's cores); more wait in line, in
/// order, within `TIMEOUT`. Fifty at once would share two cores and each
/// take fifty times as long: in line, most are answered sooner, and the
/// slowest no later.
const SEARCHES_AT_ONCE: usize = 2;
/// Search answers kept, least recently asked first.
const SEARCH_ANSWERS: usize = 512;
/// KWIC answers kept: a common term has tens of thousands of lines, so few.
const KWIC_ANSWERS: usize = 16;
/// Trend answers kept: a few hundred points each.
const TREND_ANSWERS: usize = 128;
/// Longest time a request may take before it is answered with 503.
const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Where the index lives.
    #[arg(long, default_value_os_t = super::default_index())]
    index: PathBuf,
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Another `Host` name to answer (when serving beyond loopback).
    #[arg(long)]
    allow_host: Vec<String>,
    /// How often, in seconds, to look whether the index was re-indexed, and
    /// answer from the new snapshot once its files have settled; 0 never.
    #[arg(long, default_value_t = 2.0)]
    reload_every: f64,
    #[command(flatten)]
    engine: super::EngineArgs,
}

/// What a search answer is kept under: the whole request, query, page and
/// copies alike.
fn search_key(request: &SearchRequest) -> String {
    format!("{request:?}")
}

/// Where the archive's documents live. A cluster serves search, export and
/// the reader; trends and KWIC scan the cleaned texts of the local index.
enum Backend {
    /// The local index, followed on disk, with the answers (as sent) to
    /// queries asked again.
    Local(Arc<LiveEngine>, AnswerCache<axum::body::Bytes>),
    Cluster(Box<Remote>),
}

impl Backend {
    fn search(&self, request: &SearchRequest) -> Result<govsearch::search::SearchResults> {
        match self {
            Backend::Local(live, _) => live.current().search(request),
            Backend::Cluster(remote) => remote.search(request),
        }
    }

    /// The JSON answer kept under `key` (see [`search_key`]), if any.
    fn kept_search(&self, key: &str) -> Option<Arc<axum::body::Bytes>> {
        match self {
            Backend::Local(live, cache) => cache.peek(&live.current(), key),
            Backend::Cluster(_) => None,
        }
    }

    /// The JSON answer to a search, and whether it was kept from before
    /// (then its `elapsed_ms` is the time it took the first time). Kept
    /// as sent: building and writing the JSON costs more than the search
    /// of a popular query.
    fn search_json(
        &self,
        request: &SearchRequest,
        key: String,
    ) -> Result<(Arc<axum::body::Bytes>, bool)> {
        let answer =
            |results: Result<govsearch::search::SearchResults>| -> Result<axum::body::Bytes> {
                let results = results?;
                Ok(serde_json::to_vec(&json!({
                    "total": results.total,
                    "distinct": results.distinct,
                    "hits": results.hits,
                    "facets": results.facets,
                    "elapsed_ms": results.elapsed_ms,
                }))?
                .into())
            };
        match self {
            Backend::Local(live, cache) => {
                // One snapshot for the key and the answer kept under it.
                let engine = live.current();
                let mut fresh = false;
                let body = cache.get_or(&engine, key, || {
                    fresh = true;
                    answer(engine.search(request))
                })?;
                Ok((body, !fresh))
            }
            Backend::Cluster(remote) => Ok((Arc::new(answer(remote.search(request))?), false)),
        }
    }

    /// The local engine now in use, for the views that scan texts.
    fn local(&self) -> std::result::Result<Arc<Engine>, ApiError> {
        match self {
            Backend::Local(live, _) => Ok(live.current()),
            Backend::Cluster(_) => Err(ApiError::NotOnCluster),
        }
    }
}

struct App {
    engine: Backend,
    /// Texts trends have read, kept for the next ones.
    texts: Arc<archive::TextCache>,
    /// KWIC answers of terms asked again.
    kwic: AnswerCache<Vec<archive::KwicLine>>,
    /// Trend answers of terms asked again: exact for the index's snapshot.
    trends: AnswerCache<Vec<archive::Series>>,
    heavy: Arc<Semaphore>,
    /// The line of searches not kept: see `SEARCHES_AT_ONCE`.
    searches: Arc<Semaphore>,
    hosts: Vec<String>,
}

pub fn run(args: ServeArgs) -> Result<i32> {
    let texts = Arc::new(archive::TextCache::default());
    let engine = match args.engine.cluster_url()? {
        Some(url) => Backend::Cluster(Box::new(Remote::open(url, &args.engine.name)?)),
        None => Backend::Local(
            follow_index(&args.index, args.reload_every, texts.clone())?,
            AnswerCache::new(SEARCH_ANSWERS),
        ),
    };
    let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    hosts.extend(args.allow_host.iter().map(|h| h.to_ascii_lowercase()));
    let app = Arc::new(App {
        engine,
        texts,
        kwic: AnswerCache::new(KWIC_ANSWERS),
        trends: AnswerCache::new(TREND_ANSWERS),
        heavy: Arc::new(Semaphore::new(HEAVY_REQUESTS)),
        searches: Arc::new(Semaphore::new(SEARCHES_AT_ONCE)),
        hosts,
    });
    raise_open_files();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(serve(app, args.addr))?;
    Ok(0)
}

/// The local index, reopened when it is re-indexed (unless `every` is 0);
/// on each reload the trends' texts are those of the new snapshot.
fn follow_index(
    dir: &std::path::Path,
    every: f64,
    texts: Arc<archive::TextCache>,
) -> Result<Arc<LiveEngine>> {
    let every = Duration::try_from_secs_f64(every)
        .map_err(|_| anyhow::anyhow!("--reload-every takes a number of seconds, 0 or more"))?;
    let live = Arc::new(LiveEngine::open(dir)?);
    if !every.is_zero() {
        let shown = dir.display().to_string();
        let followed = Arc::downgrade(&live);
        live.follow(every, move |reloaded| match reloaded {
            Ok(()) => {
                eprintln!("reloaded the index `{shown}`");
                if let Some(live) = followed.upgrade() {
                    let engine = live.current();
                    texts.keep_only(&engine);
                    warm(&texts, &engine);
                }
            }
            Err(e) => eprintln!(
                "cannot reload the index `{shown}`: {e:#}; answering from the snapshot in use"
            ),
        })
        .context("cannot start watching the index")?;
    }
    Ok(live)
}

async fn serve(app: Arc<App>, addr: SocketAddr) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let bound = listener.local_addr()?;
    // The first line, which scripts read for the port.
    println!("listening on http://{bound}");
    if !bound.ip().is_loopback() {
        eprintln!(
            "warning: listening on {bound}, beyond this machine; only Host names given with --allow-host are answered"
        );
    }
    warm_texts(&app);
    let router = Router::new()
        .route("/", get(page))
        .route("/doc/{id}", get(page))
        .route("/assets/app.js", get(script))
        .route("/assets/app.css", get(style))
        .route("/api/openapi.json", get(openapi))
        .route("/api/search", get(api_search))
        .route("/api/doc/{id}", get(api_doc))
        .route("/api/trend", get(api_trend))
        .route("/api/kwic", get(api_kwic))
        .route("/export", get(export))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app);
    accept(listener, router).await
}

/// Fills the trend texts' cache on one thread of its own, once the port
/// is open, while the other cores answer.
fn warm_texts(app: &Arc<App>) {
    let Ok(engine) = app.engine.local() else {
        return;
    };
    let texts = app.texts.clone();
    let spawned = std::thread::Builder::new()
        .name("warm-texts".into())
        .spawn(move || warm(&texts, &engine));
    if let Err(e) = spawned {
        eprintln!("warning: trends will read texts as asked: {e}");
    }
}

fn warm(texts: &archive::TextCache, engine: &Engine) {
    let start = std::time::Instant::now();
    match texts.warm(engine) {
        Ok(kept) => eprintln!(
            "kept {kept} texts for trends in {:.1} s",
            start.elapsed().as_secs_f64()
        ),
        Err(e) => eprintln!("warning: trends will read texts as asked: {e:#}"),
    }
}

/// Lets the process hold as many connections as the system allows: the
/// soft limit of open files (often 1,024) rises to the hard one.
fn raise_open_files() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write `limit`.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// Most connections served at once; beyond, a connection gets 503 and is closed.
const MAX_CONNECTIONS: usize = 1024;

/// How long a client may take to send a request's headers
/// (`GOVSEARCH_HEADER_TIMEOUT_SECONDS` overrides it, for tests).
fn header_timeout() -> Duration {
    std::env::var("GOVSEARCH_HEADER_TIMEOUT_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(Duration::from_secs(10), Duration::from_secs_f64)
}

/// Serves connections with hyper directly (axum::serve sets no timeouts):
/// a slow client is cut off after the header timeout, and connections
/// beyond `MAX_CONNECTIONS` get 503 at once.
async fn accept(listener: tokio::net::TcpListener, router: Router) -> Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let open = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let timeout = header_timeout();
    loop {
        let (mut stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors, say: wait, and go on serving.
                eprintln!("govsearch serve: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            tokio::spawn(async move {
                use tokio::io::AsyncWriteExt;
                let busy = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
                stream.write_all(busy).await.ok();
            });
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(timeout)
                .serve_connection(TokioIo::new(stream), service);
            connection.await.ok();
        });
    }
}

/// Refuses foreign `Host` names and adds the security headers.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(host_name)
        .unwrap_or_default();
    let mut response = if app.hosts.contains(&host) {
        next.run(request).await
    } else {
        ApiError::BadRequest("this Host is not served".into()).into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// `localhost:8080` → `localhost`, `[::1]:80` → `[::1]`.
fn host_name(host: &str) -> String {
    let host = host.trim().to_ascii_lowercase();
    if host.starts_with('[') {
        return host
            .split_inclusive(']')
            .next()
            .unwrap_or_default()
            .to_string();
    }
    host.split(':').next().unwrap_or_default().to_string()
}

/// What goes wrong, as the client is told it. Internal errors are logged
/// in full and answered with a generic message.
enum ApiError {
    BadRequest(String),
    NotFound,
    Busy,
    /// A view that scans the local index's texts, asked of a cluster.
    NotOnCluster,
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        ApiError::Internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not found".to_string()),
            ApiError::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "busy or too slow; try again".to_string(),
            ),
            ApiError::NotOnCluster => (
                StatusCode::NOT_IMPLEMENTED,
                "trends and KWIC scan the texts of a local index; serve one with --index"
                    .to_string(),
            ),
            ApiError::Internal(err) => {
                eprintln!("govsearch serve: {err:#}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error".to_string(),
                )
            }
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

type ApiResult = std::result::Result<Response, ApiError>;

/// The query string's pairs, repeated names kept (`q=a&q=b`).
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<String>) -> std::result::Result<Params, ApiError> {
        let raw = raw.unwrap_or_default();
        serde_urlencoded::from_str(&raw)
            .map(Params)
            .map_err(|_| ApiError::BadRequest("malformed query string".into()))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some("1" | "true" | "yes"))
    }

    fn number(
        &self,
        name: &str,
        default: usize,
        max: usize,
    ) -> std::result::Result<usize, ApiError> {
        let Some(text) = self.get(name) else {
            return Ok(default);
        };
        let n: usize = text
            .parse()
            .map_err(|_| ApiError::BadRequest(format!("`{name}` must be a number")))?;
        if n > max {
            return Err(ApiError::BadRequest(format!(
                "`{name}` must be at most {max}"
            )));
        }
        Ok(n)
    }

    /// The query text, bounded.
    fn query(&self) -> std::result::Result<String, ApiError> {
        let q = self.get("q").unwrap_or_default().to_string();
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::BadRequest(format!(
                "the query is longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        Ok(q)
    }

    fn filters(&self) -> std::result::Result<Filters, ApiError> {
        let years = self
            .get("year")
            .filter(|y| !y.trim().is_empty())
            .map(parse_years)
            .transpose()
            .map_err(|e| ApiError::BadRequest(e.0))?;
        Ok(Filters {
            years,
            region: self.all("region"),
            unit: self.all("unit"),
            topic: self.all("topic"),
            kind: self.all("kind"),
        })
    }
}

/// Runs blocking engine work off the async threads, within the timeout.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::result::Result<T, ApiError> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    blocking_within(TIMEOUT, work).await
}

async fn blocking_within<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> std::result::Result<T, ApiError> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    match tokio::time::timeout(limit, tokio::task::spawn_blocking(work)).await {
        Ok(Ok(result)) => result,
        Ok(Err(join)) => Err(ApiError::Internal(anyhow::anyhow!("worker failed: {join}"))),
        Err(_) => Err(ApiError::Busy),
    }
}

/// [`blocking`] once one of `line`'s slots is free (tokio's semaphore
/// serves in order of asking); the wait counts towards the timeout.
async fn blocking_in_line<T: Send + 'static>(
    line: Arc<Semaphore>,
    work: impl FnOnce() -> std::result::Result<T, ApiError> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    let start = tokio::time::Instant::now();
    let Ok(Ok(permit)) = tokio::time::timeout(TIMEOUT, line.acquire_owned()).await else {
        return Err(ApiError::Busy);
    };
    let left = TIMEOUT.saturating_sub(start.elapsed());
    let work = move || {
        let _slot = permit;
        work()
    };
    blocking_within(left, work).await
}

/// Longest wait for a heavy request's slot before it is answered 503.
const QUEUE_WAIT: Duration = Duration::from_secs(5);

/// A slot for a heavy request: it waits in line a little, then gets 503.
async fn heavy_slot(app: &App) -> std::result::Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    match tokio::time::timeout(QUEUE_WAIT, app.heavy.clone().acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(ApiError::Busy),
    }
}

async fn page() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], PAGE).into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn api_search(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> ApiResult {
    let params = Params::parse(raw)?;
    let text = params.query()?;
    let filters = params.filters()?;
    let limit = params.number("limit", 10, MAX_LIMIT)?;
    let offset = params.number("offset", 0, 100_000)?;
    let all_copies = params.flag("all_copies");
    let query = parse_with_filters(&text, filters).map_err(|e| ApiError::BadRequest(e.0))?;
    let request = SearchRequest {
        query,
        limit,
        offset,
        all_copies,
    };
    // A kept answer is sent from here: a hop to the blocking pool costs more
    // than the lookup.
    let key = search_key(&request);
    let (body, kept) = match app.engine.kept_search(&key) {
        Some(body) => (body, true),
        None => {
            let line = app.searches.clone();
            blocking_in_line(line, move || Ok(app.engine.search_json(&request, key)?)).await?
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::HeaderName::from_static("x-govsearch-cache"),
                if kept { "hit" } else { "miss" },
            ),
        ],
        axum::body::Bytes::clone(&body),
    )
        .into_response())
}

async fn api_doc(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let params = Params::parse(raw)?;
    let text = params.query()?;
    let doc = blocking(move || {
        let (doc, needles) = match &app.engine {
            Backend::Local(live, _) => {
                let engine = live.current();
                let Some(address) = engine.find(&id)? else {
                    return Err(ApiError::NotFound);
                };
                let needles = |q: &_| engine.needles(q);
                (engine.stored(address)?, doc_needles(&text, needles))
            }
            Backend::Cluster(remote) => {
                let Some(doc) = remote.document(&id)? else {
                    return Err(ApiError::NotFound);
                };
                (doc, doc_needles(&text, |q| remote.needles(q)))
            }
        };
        let matches = archive::match_ranges(&doc, &needles);
        let copies: Vec<_> = doc
            .copies
            .iter()
            .map(|p| json!({ "id": govsearch::index::doc_id(p), "path": p }))
            .collect();
        Ok(json!({
            "id": doc.id, "path": doc.path, "title": doc.title, "year": doc.year,
            "region": doc.region, "unit": doc.unit, "kind": doc.kind, "topics": doc.topics,
            "chars": doc.text.chars().count(), "text": doc.text, "copies": copies,
            "matches": matches,
        }))
    })
    .await?;
    Ok(Json(doc).into_response())
}

/// The texts a reader marks for the query `text` (none without one).
fn doc_needles(
    text: &str,
    needles: impl Fn(&govsearch::search::ParsedQuery) -> Vec<String>,
) -> Vec<String> {
    match parse_with_filters(text, Filters::default()) {
        Ok(query) if !text.trim().is_empty() => needles(&query),
        _ => Vec::new(),
    }
}

async fn api_trend(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> ApiResult {
    let params = Params::parse(raw)?;
    let terms = params.all("q");
    if terms.is_empty() || terms.len() > MAX_TERMS {
        return Err(ApiError::BadRequest(format!(
            "give one to {MAX_TERMS} terms as q"
        )));
    }
    if terms.iter().any(|t| t.chars().count() > MAX_QUERY_CHARS) {
        return Err(ApiError::BadRequest("a term is too long".into()));
    }
    let by = match params.get("by") {
        None => By::Year,
        Some(b) => By::parse(b)
            .ok_or_else(|| ApiError::BadRequest("`by` is year, region or kind".into()))?,
    };
    let filters = params.filters()?;
    let spellings = params.flag("spellings");
    let all_copies = params.flag("all_copies");
    let permit = heavy_slot(&app).await?;
    let series = blocking(move || {
        let _permit = permit;
        let engine = app.engine.local()?;
        let key = format!("{terms:?}\u{1}{filters:?}\u{1}{by:?}\u{1}{spellings}\u{1}{all_copies}");
        app.trends
            .get_or(&engine, key, || {
                let request = TrendRequest {
                    terms: &terms,
                    filters: &filters,
                    by,
                    spellings,
                    all_copies,
                    cache: Some(app.texts.as_ref()),
                };
                archive::trend(&engine, &request)
            })
            .map_err(bad_term)
    })
    .await?;
    Ok(Json(json!({ "by": by, "terms": *series })).into_response())
}

/// A term the engine cannot search is the client's mistake.
fn bad_term(err: anyhow::Error) -> ApiError {
    if err.chain().any(|c| c.to_string().starts_with('`')) {
        ApiError::BadRequest(err.to_string())
    } else {
        ApiError::Internal(err)
    }
}

async fn api_kwic(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> ApiResult {
    let params = Params::parse(raw)?;
    let term = params.query()?;
    if term.trim().is_empty() {
        return Err(ApiError::BadRequest("give a term as q".into()));
    }
    let width = params.number("width", 20, MAX_WIDTH)?;
    let sort = match params.get("sort") {
        None => KwicSort::Document,
        Some(s) => KwicSort::parse(s).ok_or_else(|| {
            ApiError::BadRequest("`sort` is left, right, year, region or document".into())
        })?,
    };
    let csv = params.get("format") == Some("csv");
    let limit = if csv {
        MAX_EXPORT
    } else {
        params.number("limit", 50, MAX_LIMIT)?
    };
    let offset = params.number("offset", 0, 10_000_000)?;
    let filters = params.filters()?;
    let all_copies = params.flag("all_copies");
    let permit = heavy_slot(&app).await?;
    let lines = blocking(move || {
        let _permit = permit;
        let engine = app.engine.local()?;
        let key = format!("{term}\u{1}{filters:?}\u{1}{width}\u{1}{sort:?}\u{1}{all_copies}");
        app.kwic
            .get_or(&engine, key, || {
                archive::kwic(&engine, &term, &filters, width, sort, all_copies)
            })
            .map_err(bad_term)
    })
    .await?;
    let total = lines.len();
    let page: Vec<_> = lines.iter().skip(offset).take(limit).cloned().collect();
    if csv {
        let mut out = Vec::new();
        render::kwic_csv(&mut out, &page).map_err(|e| ApiError::Internal(e.into()))?;
        return Ok(csv_response(out, "kwic.csv"));
    }
    Ok(Json(json!({ "total": total, "lines": page })).into_response())
}

fn csv_response(body: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from(body),
    )
        .into_response()
}

/// Every hit of a query (up to `MAX_EXPORT`), with the query and filters
/// in a header line and a last line saying whether it was capped.
async fn export(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> ApiResult {
    let params = Params::parse(raw)?;
    let text = params.query()?;
    let filters = params.filters()?;
    let all_copies = params.flag("all_copies");
    let jsonl = match params.get("format").unwrap_or("csv") {
        "csv" => false,
        "jsonl" => true,
        _ => return Err(ApiError::BadRequest("`format` is csv or jsonl".into())),
    };
    let permit = heavy_slot(&app).await?;
    let header_line = format!(
        "govsearch export: q={text} {}",
        serde_json::to_string(&filters_json(&filters)).unwrap_or_default()
    );
    let body = blocking(move || {
        let _permit = permit;
        let query = parse_with_filters(&text, filters).map_err(|e| ApiError::BadRequest(e.0))?;
        let request = SearchRequest {
            query,
            limit: MAX_EXPORT,
            offset: 0,
            all_copies,
        };
        let results = app.engine.search(&request)?;
        let shown = if all_copies {
            results.total
        } else {
            results.distinct
        };
        let capped = shown > results.hits.len();
        let mut out = Vec::new();
        let note = if capped {
            format!("capped at {MAX_EXPORT} of {shown} hits")
        } else {
            format!("all {shown} hits")
        };
        if jsonl {
            let head = json!({ "type": "query", "query": header_line, "note": note });
            out.extend(head.to_string().into_bytes());
            out.push(b'\n');
            for hit in &results.hits {
                out.extend(serde_json::to_vec(hit).map_err(|e| ApiError::Internal(e.into()))?);
                out.push(b'\n');
            }
        } else {
            out.extend(format!("# {header_line}; {note}\n").into_bytes());
            render::hits_csv(&mut out, &results.hits).map_err(|e| ApiError::Internal(e.into()))?;
        }
        Ok(out)
    })
    .await?;
    if jsonl {
        return Ok((
            [(header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8")],
            Body::from(body),
        )
            .into_response());
    }
    Ok(csv_response(body, "govsearch-export.csv"))
}

fn filters_json(filters: &Filters) -> serde_json::Value {
    json!({
        "year": filters.years.map(|y| format!("{}..{}", y.from, y.to)),
        "region": filters.region, "unit": filters.unit,
        "topic": filters.topic, "kind": filters.kind,
    })
}
