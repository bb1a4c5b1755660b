//! Systems without a blocking backend yet (macOS: a pf anchor is future work). Every call
//! says so; nothing is changed.

use super::super::{Block, BlockError, BlockId, Listing, Request};

/// No firewall is driven here.
pub const FIREWALL: &str = "none";

/// Refuses everything with [`BlockError::Unsupported`].
pub struct Backend;

impl Backend {
    pub fn system() -> Result<Backend, BlockError> {
        Err(BlockError::Unsupported)
    }

    pub fn block(&self, _request: &Request) -> Result<Block, BlockError> {
        Err(BlockError::Unsupported)
    }

    pub fn unblock(&self, _id: BlockId) -> Result<Block, BlockError> {
        Err(BlockError::Unsupported)
    }

    pub fn list(&self) -> Result<Listing, BlockError> {
        Err(BlockError::Unsupported)
    }

    pub fn state_path(&self) -> std::path::PathBuf {
        std::path::PathBuf::new()
    }

    pub fn restore(&self) -> Result<Vec<Block>, BlockError> {
        Err(BlockError::Unsupported)
    }
}

/// Nothing is kept here.
pub fn always_survives_restart() -> bool {
    false
}
