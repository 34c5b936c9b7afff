//! What an index was analysed with besides the shipped defaults: a user
//! dictionary, user synonyms and a user topic taxonomy. They are copied
//! into the index folder, so that searches segment queries exactly as the
//! documents were segmented and later runs keep them without repeating the
//! flags; their fingerprint is recorded, and an index analysed with other
//! ones is re-segmented.

use std::path::Path;

use anyhow::{Context, Result};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::facets::Taxonomy;
use crate::lexicon::Lexicon;

const DICT_FILE: &str = "user-dict.txt";
const SYNONYMS_FILE: &str = "user-synonyms.tsv";
const TOPICS_FILE: &str = "user-topics.tsv";

/// User files' contents; `None` means the shipped default alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub dict: Option<String>,
    pub synonyms: Option<String>,
    pub topics: Option<String>,
}

/// A settings' lexicon and taxonomy, parsed and checked.
pub struct Analysis {
    pub lexicon: Lexicon,
    pub taxonomy: Taxonomy,
    pub fingerprint: u64,
}

impl Settings {
    /// The settings an index folder holds (none for a new folder).
    pub fn stored(dir: &Path) -> Result<Settings> {
        let read = |name: &str| -> Result<Option<String>> {
            let path = dir.join(name);
            if !path.is_file() {
                return Ok(None);
            }
            std::fs::read_to_string(&path)
                .map(Some)
                .with_context(|| format!("cannot read `{}`", path.display()))
        };
        Ok(Settings {
            dict: read(DICT_FILE)?,
            synonyms: read(SYNONYMS_FILE)?,
            topics: read(TOPICS_FILE)?,
        })
    }

    /// Writes the settings into an index folder, removing files for
    /// defaults.
    pub fn store(&self, dir: &Path) -> Result<()> {
        for (name, content) in [
            (DICT_FILE, &self.dict),
            (SYNONYMS_FILE, &self.synonyms),
            (TOPICS_FILE, &self.topics),
        ] {
            let path = dir.join(name);
            match content {
                Some(text) => std::fs::write(&path, text),
                None if path.exists() => std::fs::remove_file(&path),
                None => Ok(()),
            }
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        }
        Ok(())
    }

    /// Parses the lexicon and taxonomy; a user file with an error is
    /// refused with its line number.
    pub fn analysis(&self) -> Result<Analysis> {
        let lexicon = Lexicon::with_user(self.dict.as_deref(), self.synonyms.as_deref())?;
        let taxonomy = match &self.topics {
            Some(text) => Taxonomy::parse(text).context("in the user topics")?,
            None => Taxonomy::builtin(),
        };
        let topics_hash = xxh3_64_with_seed(self.topics.as_deref().unwrap_or("").as_bytes(), 7);
        Ok(Analysis {
            fingerprint: lexicon.fingerprint() ^ topics_hash.rotate_left(17),
            lexicon,
            taxonomy,
        })
    }
}
