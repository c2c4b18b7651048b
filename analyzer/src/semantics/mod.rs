//! The semantics shared by the concrete evaluator, the encoder, the witness
//! decoder and the property tests' request generator, each defined once:
//! the condition keys that describe the principal ([`principal_keys`]), when
//! every key is in a request and what its values look like ([`keys`]), how
//! undocumented matches are read ([`reading`]), and the space of requests a
//! question ranges over ([`space`]). Decisions where AWS documents no answer
//! are listed in `docs/semantics.md`.

pub mod catalog_space;
pub mod keys;
pub mod principal_keys;
pub mod reading;
pub mod space;
