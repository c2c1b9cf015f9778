//! Chain checks (in progress).
