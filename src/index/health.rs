//! Keeping an index whole: one writer at a time (a lock file beside the
//! index that names its holder), and a diagnosis of damaged or foreign
//! index folders that says, in one line, what is wrong and how to recover.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use tantivy::Index;

use super::{stored_format, FORMAT_FILE, FORMAT_VERSION};

/// Held while a run writes an index; removed when dropped. It lives beside
/// the index folder, so that `--rebuild`, which swaps the folder, keeps it.
pub struct WriterLock {
    path: PathBuf,
}

impl WriterLock {
    /// Takes the lock of the index in `dir`, clearing one left by a process
    /// that no longer runs. Errs, naming the holder, while another holds it.
    pub fn acquire(dir: &Path) -> Result<WriterLock> {
        let path = lock_path(dir);
        // The lock sits beside the index: `--index new/folder/index` needs
        // its parent before the index itself is created.
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).ok();
        }
        for _ in 0..2 {
            let created = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path);
            match created {
                Ok(mut file) => {
                    use std::io::Write;
                    let since = SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .map_or(0, |d| d.as_secs());
                    writeln!(file, "{} {since}", std::process::id())
                        .with_context(|| format!("cannot write `{}`", path.display()))?;
                    return Ok(WriterLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let (pid, since) = holder(&path);
                    if pid.is_some_and(is_running) {
                        bail!(
                            "the index in `{}` is being written by process {} since {}; wait for it to finish",
                            dir.display(),
                            pid.unwrap_or_default(),
                            since.map_or_else(|| "an unknown time".to_string(), utc)
                        );
                    }
                    // A killed run's lock: nobody holds it.
                    std::fs::remove_file(&path).ok();
                }
                Err(e) => {
                    return Err(e).with_context(|| {
                        format!("cannot lock `{}` (is the folder writable?)", dir.display())
                    })
                }
            }
        }
        bail!("cannot lock the index in `{}`", dir.display())
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        std::fs::remove_file(&self.path).ok();
    }
}

/// `index` → `.index.lock` beside it.
pub fn lock_path(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    dir.with_file_name(format!(".{name}.lock"))
}

/// The pid and start time written in a lock file.
fn holder(path: &Path) -> (Option<u32>, Option<u64>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut fields = text.split_whitespace();
    (
        fields.next().and_then(|p| p.parse().ok()),
        fields.next().and_then(|s| s.parse().ok()),
    )
}

fn is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 checks existence; EPERM means it runs as another user.
    // SAFETY: kill with signal 0 sends nothing.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Seconds since the epoch as `2026-12-01 21:30:00 UTC`.
fn utc(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// An error met opening the index in `dir`, replaced by the diagnosis of
/// what is damaged when there is one.
pub fn explained(dir: &Path, err: anyhow::Error) -> anyhow::Error {
    match diagnose(dir) {
        Some(problem) => anyhow::anyhow!(problem),
        None => err,
    }
}

/// The fix for every damaged index.
fn rebuild_hint(dir: &Path) -> String {
    format!(
        "rebuild it with `govsearch index PATH... --index {} --rebuild`",
        dir.display()
    )
}

/// What is wrong with the govsearch index folder `dir`, in one line with
/// the fix, or `None` when it opens whole: its records, then every segment.
/// A folder that is not a govsearch index at all is not diagnosed here.
pub fn diagnose(dir: &Path) -> Option<String> {
    diagnose_records(dir).or_else(|| diagnose_segments(dir))
}

/// The cheap part of [`diagnose`], run before every open: the files that
/// say what the folder holds (meta.json, govsearch.json and its format).
/// Damaged segments are diagnosed only once opening them fails.
pub fn diagnose_records(dir: &Path) -> Option<String> {
    let meta = dir.join("meta.json");
    let record = dir.join(FORMAT_FILE);
    if !meta.is_file() && !record.is_file() {
        return None;
    }
    let hint = rebuild_hint(dir);
    if !meta.is_file() {
        return Some(format!(
            "the index in `{}` has lost its meta.json (its list of segments); {hint}",
            dir.display()
        ));
    }
    match stored_format(dir) {
        None => Some(format!(
            "the index in `{}` has a missing or garbled {FORMAT_FILE}; {hint}",
            dir.display()
        )),
        Some(format) if format > FORMAT_VERSION => Some(format!(
            "the index in `{}` was built by a newer govsearch (index format {format}, this one reads {FORMAT_VERSION}); use that version, or {hint}",
            dir.display()
        )),
        _ => None,
    }
}

/// Opens the index and every segment: the first that fails, told in one line.
fn diagnose_segments(dir: &Path) -> Option<String> {
    let hint = rebuild_hint(dir);
    let index = match Index::open_in_dir(dir) {
        Ok(index) => index,
        Err(e) => {
            return Some(format!(
                "the index in `{}` is damaged ({}); {hint}",
                dir.display(),
                short(&e.to_string())
            ))
        }
    };
    let segments = match index.searchable_segments() {
        Ok(segments) => segments,
        Err(e) => {
            return Some(format!(
                "the index in `{}` is damaged ({}); {hint}",
                dir.display(),
                short(&e.to_string())
            ))
        }
    };
    for segment in segments {
        if let Err(e) = tantivy::SegmentReader::open(&segment) {
            return Some(format!(
                "the index in `{}` has a damaged segment {} ({}); {hint}",
                dir.display(),
                segment.id().short_uuid_string(),
                short(&e.to_string())
            ));
        }
    }
    None
}

/// The first clause of an error, at most 80 characters: the cause, not a
/// dump of tantivy's structures.
fn short(message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    let first = first
        .find(['{', '\''])
        .map_or(first, |at| first[..at].trim_end_matches([' ', ':']));
    let cut: String = first.chars().take(80).collect();
    if cut.len() < first.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_names_its_holder_and_a_dead_holder_is_cleared() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index");
        let lock = WriterLock::acquire(&index).expect("first lock");
        let err = WriterLock::acquire(&index)
            .err()
            .expect("second refused")
            .to_string();
        assert!(
            err.contains(&std::process::id().to_string()) && err.contains("UTC"),
            "{err}"
        );
        drop(lock);
        std::fs::write(lock_path(&index), "999999999 0\n").expect("write");
        let _taken = WriterLock::acquire(&index).expect("a dead holder's lock is cleared");
    }

    #[test]
    fn dates_read_as_utc() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_796_160_600), "2026-12-01 21:30:00 UTC");
    }
}

/// What `govsearch check` found.
#[derive(Debug, Default, serde::Serialize)]
pub struct CheckReport {
    pub segments: usize,
    /// Documents the segments' metadata count (deletions excluded).
    pub documents: u64,
    /// Stored documents read back whole.
    pub read: u64,
    /// Documents with a path in the path column: govsearch's own record of
    /// what it indexed.
    pub paths: usize,
    /// Whether the copy groups were computed for the current commit.
    pub groups_current: bool,
    /// Where the bytes go: one row per part of the index and field, largest
    /// first, summed over segments.
    pub space: Vec<SpaceRow>,
    pub problems: Vec<String>,
}

/// Bytes one part of the index (postings, positions, terms, …) spends on
/// one field, over all segments.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SpaceRow {
    pub part: &'static str,
    pub field: String,
    pub bytes: u64,
}

/// Sums tantivy's space usage per part and field; the stored documents are
/// one row (field `*`), as the store is not split by field.
fn space_rows(searcher: &tantivy::Searcher) -> std::io::Result<Vec<SpaceRow>> {
    let mut sums: std::collections::BTreeMap<(&'static str, String), u64> = Default::default();
    for segment in searcher.space_usage()?.segments() {
        let parts = [
            ("terms", segment.termdict()),
            ("postings", segment.postings()),
            ("positions", segment.positions()),
            ("fast", segment.fast_fields()),
            ("norms", segment.fieldnorms()),
        ];
        for (part, usage) in parts {
            for field in usage.fields() {
                *sums
                    .entry((part, field.field_name().to_string()))
                    .or_default() += field.total().get_bytes();
            }
        }
        *sums.entry(("store", "*".to_string())).or_default() += segment.store().total().get_bytes();
    }
    let mut rows: Vec<SpaceRow> = sums
        .into_iter()
        .filter(|(_, bytes)| *bytes > 0)
        .map(|((part, field), bytes)| SpaceRow { part, field, bytes })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.bytes));
    Ok(rows)
}

/// Opens every segment and reads every stored document of the index in
/// `dir`, and compares the counts.
pub fn check(dir: &Path) -> Result<CheckReport> {
    if let Some(problem) = diagnose(dir) {
        return Ok(CheckReport {
            problems: vec![problem],
            ..CheckReport::default()
        });
    }
    let index = super::ReportIndex::open(dir)?;
    let mut report = CheckReport::default();
    let reader = index.reader()?;
    let searcher = reader.searcher();
    report.segments = searcher.segment_readers().len();
    match space_rows(&searcher) {
        Ok(rows) => report.space = rows,
        Err(e) => report.problems.push(format!(
            "the space usage cannot be read ({})",
            short(&e.to_string())
        )),
    }
    for segment in searcher.segment_readers() {
        report.documents += u64::from(segment.num_docs());
        let store = match segment.get_store_reader(64) {
            Ok(store) => store,
            Err(e) => {
                report.problems.push(format!(
                    "segment {}: its stored documents cannot be opened ({})",
                    segment.segment_id().short_uuid_string(),
                    short(&e.to_string())
                ));
                continue;
            }
        };
        let mut unreadable = 0u64;
        for doc in segment.doc_ids_alive() {
            match store.get::<tantivy::TantivyDocument>(doc) {
                Ok(_) => report.read += 1,
                Err(_) => unreadable += 1,
            }
        }
        if unreadable > 0 {
            report.problems.push(format!(
                "segment {}: {unreadable} stored documents cannot be read",
                segment.segment_id().short_uuid_string()
            ));
        }
    }
    report.paths = index.indexed_files()?.len();
    if report.paths as u64 != report.documents {
        report.problems.push(format!(
            "{} documents but {} paths recorded",
            report.documents, report.paths
        ));
    }
    let opstamp = index.index.load_metas()?.opstamp;
    report.groups_current =
        super::DuplicateGroups::load(dir).is_ok_and(|g| g.opstamp == Some(opstamp));
    if !report.groups_current {
        report.problems.push(
            "the copy groups were computed for another commit; `govsearch index` recomputes them"
                .to_string(),
        );
    }
    if !report.problems.is_empty() {
        report.problems.push(rebuild_hint(dir));
    }
    Ok(report)
}

/// EFBIG: the process's `ulimit -f`, or the file system's largest file.
const SIZE_LIMIT: &str = "a file reached the size limit (ulimit -f, or the file system's)";

/// Free space below which a dead writer is taken to have filled the disk.
const NEARLY_FULL: u64 = 64 << 20;

/// Why writing in `dir` fails, asked of the system: no space left, a
/// file-size limit on this process, or a folder that takes no new file.
fn probe_cause(dir: &Path) -> Option<&'static str> {
    if free_bytes(dir).is_some_and(|free| free < NEARLY_FULL) {
        return Some("the disk is full");
    }
    // SAFETY: getrlimit only writes into the struct it is given.
    let mut limit: libc::rlimit = unsafe { std::mem::zeroed() };
    let limited = unsafe { libc::getrlimit(libc::RLIMIT_FSIZE, &mut limit) } == 0
        && limit.rlim_cur != libc::RLIM_INFINITY;
    if limited {
        return Some(SIZE_LIMIT);
    }
    let probe = dir.join(".govsearch-write-probe");
    let outcome = std::fs::write(&probe, b"probe");
    std::fs::remove_file(&probe).ok();
    match outcome.err()?.raw_os_error() {
        Some(30) => Some("the folder is read-only"),
        Some(28) | Some(122) => Some("the disk is full"),
        Some(13) | Some(1) => Some("the folder is not writable"),
        _ => None,
    }
}

/// Bytes an unprivileged writer may still use on the file system of `dir`.
fn free_bytes(dir: &Path) -> Option<u64> {
    let stats = super::read_only::statvfs(dir)?;
    Some(stats.f_bavail * stats.f_frsize)
}

/// A failed write of the index as the user must read it: a full disk, a
/// file-size limit or a read-only folder gets one line saying so, that
/// the index as last committed is intact, and what to do; anything else
/// is returned as it was.
pub fn explain_write_failure(dir: &Path, err: anyhow::Error) -> anyhow::Error {
    let text = format!("{err:#}");
    let cause = if text.contains("(os error 28)") || text.contains("(os error 122)") {
        "the disk is full"
    } else if text.contains("(os error 27)") {
        SIZE_LIMIT
    } else if text.contains("(os error 30)") {
        "the folder is read-only"
    } else if let Some(cause) = text
        .contains("index writer was killed")
        .then(|| probe_cause(dir))
        .flatten()
    {
        // tantivy's indexing threads die with the I/O error and its API
        // reports only that they died: the cause is found by asking the
        // system what the error would have been.
        cause
    } else {
        return err;
    };
    anyhow::anyhow!(
        "cannot write the index in `{}`: {cause}; the index as last committed is intact \
         and still searches; make room (or make the folder writable) and run the same \
         command again",
        dir.display()
    )
}
