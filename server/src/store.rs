//! Where certificates live: one SQLite database (bundled SQLite), in a file under the data
//! directory or in memory.
//!
//! Durability: WAL journal with `synchronous=FULL`, and every write is one `IMMEDIATE`
//! transaction committed before the answer is sent, so an acknowledged write survives
//! `kill -9` and a write that was not acknowledged is either whole or absent.
//!
//! Secrecy: the private key is kept (the gateway keeps it) in the database row; the database
//! file is created mode 0600 in a directory created mode 0700, and SQLite gives its `-wal` and
//! `-shm` files the database file's mode. The key column is written and never read back.

use cert_preflight::{CertificateDetail, CertificateForm};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "certificates.db";

/// Why a write did not happen.
#[derive(Debug)]
pub enum StoreError {
    /// Another certificate of the project has this name.
    NameTaken,
    /// No certificate with this ID in the project.
    NotFound,
    /// SQLite failed (disk full, I/O error, corruption).
    Internal(rusqlite::Error),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NameTaken => f.write_str("name taken"),
            StoreError::NotFound => f.write_str("not found"),
            StoreError::Internal(e) => write!(f, "database error: {e}"),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(code, _)
                if code.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                StoreError::NameTaken
            }
            _ => StoreError::Internal(e),
        }
    }
}

/// The list filters of `GET /v2/{project_id}/apigw/certificates`; `None` is no filter.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    /// Substring of the name (inferred: the gateway's list filters on names are fuzzy).
    pub name: Option<String>,
    /// Substring of the common name.
    pub common_name: Option<String>,
    /// Exact signature algorithm, such as `SHA256-RSA`.
    pub signature_algorithm: Option<String>,
    /// Exact `type`.
    pub cert_type: Option<String>,
    /// Exact `instance_id` (`common` for global certificates).
    pub instance_id: Option<String>,
}

/// The certificate store: one connection behind a mutex (SQLite serializes writers anyway).
pub struct Store {
    conn: Mutex<Connection>,
    /// A second, read-only connection for a file database: in WAL mode readers do not wait
    /// for the writer's fsync.
    reader: Option<Mutex<Connection>>,
    location: String,
}

impl Store {
    /// A throwaway store in memory.
    pub fn memory() -> Result<Self, String> {
        let conn = Connection::open_in_memory().map_err(|e| format!("in-memory database: {e}"))?;
        Self::init(conn, "memory (nothing is written to disk)".to_owned())
    }

    /// The store in `dir/certificates.db`, creating the directory (0700) and file (0600).
    pub fn open(dir: &Path) -> Result<Self, String> {
        let path = prepare_files(dir)?;
        let conn =
            Connection::open(&path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let mut store = Self::init(conn, path.display().to_string())?;
        let reader = Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .and_then(|r| {
            r.busy_timeout(std::time::Duration::from_secs(5))
                .map(|()| r)
        })
        .map_err(|e| format!("cannot open {} for reading: {e}", path.display()))?;
        store.reader = Some(Mutex::new(reader));
        Ok(store)
    }

    /// Where the data lives, for the startup line.
    pub fn location(&self) -> &str {
        &self.location
    }

    fn init(conn: Connection, location: String) -> Result<Self, String> {
        let setup = || -> rusqlite::Result<()> {
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            // WAL answers "memory" for an in-memory database; both are fine.
            let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            conn.execute_batch(
                "PRAGMA synchronous=FULL;
                 CREATE TABLE IF NOT EXISTS certificates (
                     seq INTEGER PRIMARY KEY AUTOINCREMENT,
                     project_id TEXT NOT NULL,
                     id TEXT NOT NULL,
                     name TEXT NOT NULL,
                     cert_type TEXT NOT NULL,
                     instance_id TEXT NOT NULL,
                     common_name TEXT NOT NULL,
                     signature_algorithm TEXT NOT NULL,
                     detail TEXT NOT NULL,
                     cert_content TEXT NOT NULL,
                     private_key TEXT NOT NULL,
                     trusted_root_ca TEXT NOT NULL,
                     UNIQUE (project_id, id),
                     UNIQUE (project_id, name)
                 );",
            )
        };
        setup().map_err(|e| format!("cannot prepare the database in {location}: {e}"))?;
        Ok(Store {
            conn: Mutex::new(conn),
            reader: None,
            location,
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (the transaction
        // rolls back on drop), so a poisoned lock is safe to take over.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The connection for reads: the read-only one when there is one.
    fn read_conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        match &self.reader {
            Some(r) => r.lock().unwrap_or_else(|p| p.into_inner()),
            None => self.conn(),
        }
    }

    /// Stores a new certificate; fails with `NameTaken` when the project has the name.
    pub fn insert(
        &self,
        detail: &CertificateDetail,
        form: &CertificateForm,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(detail).map_err(json_error)?;
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO certificates (project_id, id, name, cert_type, instance_id, common_name,
                 signature_algorithm, detail, cert_content, private_key, trusted_root_ca)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                detail.project_id,
                detail.id,
                detail.name,
                detail.cert_type,
                detail.instance_id,
                detail.certificate.common_name,
                detail.certificate.signature_algorithm,
                json,
                form.cert_content,
                form.private_key,
                form.trusted_root_ca,
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces a certificate's content, keeping its ID and row.
    pub fn update(
        &self,
        detail: &CertificateDetail,
        form: &CertificateForm,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(detail).map_err(json_error)?;
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE certificates SET name = ?3, cert_type = ?4, instance_id = ?5,
                 common_name = ?6, signature_algorithm = ?7, detail = ?8, cert_content = ?9,
                 private_key = ?10, trusted_root_ca = ?11
             WHERE project_id = ?1 AND id = ?2",
            params![
                detail.project_id,
                detail.id,
                detail.name,
                detail.cert_type,
                detail.instance_id,
                detail.certificate.common_name,
                detail.certificate.signature_algorithm,
                json,
                form.cert_content,
                form.private_key,
                form.trusted_root_ca,
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit()?;
        Ok(())
    }

    /// The certificate `id` of `project_id`, as answered when it was stored.
    pub fn get(&self, project_id: &str, id: &str) -> Result<Option<CertificateDetail>, StoreError> {
        let conn = self.read_conn();
        let json: Option<String> = conn
            .query_row(
                "SELECT detail FROM certificates WHERE project_id = ?1 AND id = ?2",
                params![project_id, id],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| serde_json::from_str(&j).map_err(json_error))
            .transpose()
    }

    /// Deletes the certificate; `false` when there was none.
    pub fn delete(&self, project_id: &str, id: &str) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "DELETE FROM certificates WHERE project_id = ?1 AND id = ?2",
            params![project_id, id],
        )?;
        tx.commit()?;
        Ok(n > 0)
    }

    /// The project's certificates matching `filter`, oldest first: the total count and the page.
    pub fn list(
        &self,
        project_id: &str,
        filter: &ListFilter,
        limit: u32,
        offset: u64,
    ) -> Result<(u64, Vec<CertificateDetail>), StoreError> {
        const WHERE: &str = "WHERE project_id = ?1
              AND (?2 IS NULL OR instr(name, ?2) > 0)
              AND (?3 IS NULL OR instr(common_name, ?3) > 0)
              AND (?4 IS NULL OR signature_algorithm = ?4)
              AND (?5 IS NULL OR cert_type = ?5)
              AND (?6 IS NULL OR instance_id = ?6)";
        let conn = self.read_conn();
        let args = params![
            project_id,
            filter.name,
            filter.common_name,
            filter.signature_algorithm,
            filter.cert_type,
            filter.instance_id,
        ];
        let total: i64 = conn.query_row(
            &format!("SELECT count(*) FROM certificates {WHERE}"),
            args,
            |r| r.get(0),
        )?;
        let mut stmt = conn.prepare(&format!(
            "SELECT detail FROM certificates {WHERE} ORDER BY seq LIMIT ?7 OFFSET ?8"
        ))?;
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = stmt.query_map(
            params![
                project_id,
                filter.name,
                filter.common_name,
                filter.signature_algorithm,
                filter.cert_type,
                filter.instance_id,
                limit,
                offset,
            ],
            |r| r.get::<_, String>(0),
        )?;
        let mut out = Vec::new();
        for json in rows {
            out.push(serde_json::from_str(&json?).map_err(json_error)?);
        }
        Ok((u64::try_from(total).unwrap_or(0), out))
    }
}

fn json_error(e: serde_json::Error) -> StoreError {
    StoreError::Internal(rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

/// Creates the data directory (0700) and the database file (0600), and tightens an existing
/// file that is readable by others.
fn prepare_files(dir: &Path) -> Result<PathBuf, String> {
    #[cfg(unix)]
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(0o700);
    builder
        .create(dir)
        .map_err(|e| format!("cannot create the data directory {}: {e}", dir.display()))?;
    let path = dir.join(DB_FILE);
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    options.mode(0o600);
    options
        .open(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if let Ok(meta) = std::fs::metadata(&file) {
            if meta.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| format!("cannot restrict {}: {e}", file.display()))?;
            }
        }
    }
    Ok(path)
}
