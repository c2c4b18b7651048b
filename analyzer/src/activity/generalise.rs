//! The resources an action was used on, generalised only as far as the
//! events need, in bounded memory.
//!
//! Resources of one ARN format are kept as a tree of their placeholder
//! values, in format order (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`:
//! partition, then bucket, then object). Each level keeps its distinct
//! values up to a limit; past the limit, or as soon as a value is unknown,
//! the level is *collapsed*: it keeps only the longest common prefix of
//! the values it has seen (followed by `*` in the policy) and one subtree
//! merging theirs. So `data-lake/raw/a.csv` and `data-lake/raw/b.csv` stay
//! exact, 5,000 keys under `raw/2026/` become `data-lake/raw/2026/*`, and an
//! unknown key becomes `data-lake/*`. Collapsing depends only on the set of
//! values, never on their order, so merging the trees of parallel workers
//! gives the same result as one pass.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::arn_format::{escape_pattern, ArnFormat, Slot};
use super::mapping::ResourceArn;

/// Distinct values a level keeps before it is generalised, by default.
pub const DEFAULT_MAX_EXACT: usize = 10;

/// The resources one action was used on.
#[derive(Debug, Clone, Default)]
pub struct ResourceTree {
    /// Per ARN format (by its text): the format and its value tree.
    formats: BTreeMap<&'static str, (Arc<ArnFormat>, Node)>,
    /// The catalog resource types seen.
    types: std::collections::BTreeSet<&'static str>,
    /// Whether some request named no resource (`*`).
    any_resource: bool,
}

#[derive(Debug, Clone)]
enum Node {
    /// The end of the placeholders.
    Leaf,
    /// Distinct values, each with its subtree.
    Exact(BTreeMap<Slot, Node>),
    /// Generalised: the common prefix of the values seen and their merged
    /// subtree.
    Collapsed { prefix: String, child: Box<Node> },
}

impl ResourceTree {
    /// Records a request that named no resource.
    pub fn add_any(&mut self) {
        self.any_resource = true;
    }

    /// Records a resource.
    pub fn add(&mut self, arn: &ResourceArn, max_exact: usize) {
        self.types.insert(arn.type_name);
        let entry = self
            .formats
            .entry(arn.format.text)
            .or_insert_with(|| (Arc::clone(&arn.format), Node::empty(arn.slots.len())));
        entry.1.insert(&arn.slots, max_exact);
    }

    /// Adds every resource of `other`.
    pub fn merge(&mut self, other: ResourceTree, max_exact: usize) {
        self.any_resource |= other.any_resource;
        self.types.extend(other.types);
        for (text, (format, node)) in other.formats {
            match self.formats.remove(text) {
                Some((format, mine)) => {
                    self.formats
                        .insert(text, (format, mine.merge(node, max_exact)));
                }
                None => {
                    self.formats.insert(text, (format, node));
                }
            }
        }
    }

    /// The catalog resource types of the resources, sorted.
    pub fn types(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.types.iter().copied()
    }

    /// The resource patterns, sorted; `["*"]` when some request named no
    /// resource (it covers the others).
    pub fn patterns(&self) -> Vec<String> {
        if self.any_resource {
            return vec!["*".to_string()];
        }
        let mut patterns = Vec::new();
        for (format, node) in self.formats.values() {
            let mut pieces = Vec::new();
            node.render(format, &mut pieces, &mut patterns);
        }
        patterns.sort();
        patterns.dedup();
        patterns
    }
}

impl Node {
    fn empty(depth: usize) -> Node {
        if depth == 0 {
            Node::Leaf
        } else {
            Node::Exact(BTreeMap::new())
        }
    }

    fn insert(&mut self, slots: &[Slot], max_exact: usize) {
        let Some((first, rest)) = slots.split_first() else {
            return;
        };
        match self {
            Node::Leaf => {}
            Node::Exact(children) => {
                children
                    .entry(first.clone())
                    .or_insert_with(|| Node::empty(rest.len()))
                    .insert(rest, max_exact);
                if children.len() > max_exact || matches!(first, Slot::Unknown) {
                    self.collapse(max_exact);
                }
            }
            Node::Collapsed { prefix, child } => {
                shorten_to_common_prefix(prefix, literal_prefix(first));
                child.insert(rest, max_exact);
            }
        }
    }

    fn collapse(&mut self, max_exact: usize) {
        let Node::Exact(children) = std::mem::replace(self, Node::Leaf) else {
            return;
        };
        let mut prefix: Option<String> = None;
        let mut merged: Option<Node> = None;
        for (slot, child) in children {
            let literal = literal_prefix(&slot);
            match &mut prefix {
                None => prefix = Some(literal.to_string()),
                Some(prefix) => shorten_to_common_prefix(prefix, literal),
            }
            merged = Some(match merged {
                None => child,
                Some(node) => node.merge(child, max_exact),
            });
        }
        *self = Node::Collapsed {
            prefix: prefix.unwrap_or_default(),
            child: Box::new(merged.unwrap_or(Node::Leaf)),
        };
    }

    fn merge(self, other: Node, max_exact: usize) -> Node {
        match (self, other) {
            (Node::Leaf, _) | (_, Node::Leaf) => Node::Leaf,
            (Node::Exact(mut mine), Node::Exact(theirs)) => {
                let mut unknown = false;
                for (slot, child) in theirs {
                    unknown |= matches!(slot, Slot::Unknown);
                    let merged = match mine.remove(&slot) {
                        Some(existing) => existing.merge(child, max_exact),
                        None => child,
                    };
                    mine.insert(slot, merged);
                }
                let mut node = Node::Exact(mine);
                if unknown || node.exact_len() > max_exact {
                    node.collapse(max_exact);
                }
                node
            }
            (Node::Collapsed { mut prefix, child }, Node::Exact(values))
            | (Node::Exact(values), Node::Collapsed { mut prefix, child }) => {
                let mut child = *child;
                for (slot, subtree) in values {
                    shorten_to_common_prefix(&mut prefix, literal_prefix(&slot));
                    child = child.merge(subtree, max_exact);
                }
                Node::Collapsed {
                    prefix,
                    child: Box::new(child),
                }
            }
            (
                Node::Collapsed { mut prefix, child },
                Node::Collapsed {
                    prefix: other_prefix,
                    child: other_child,
                },
            ) => {
                shorten_to_common_prefix(&mut prefix, &other_prefix);
                Node::Collapsed {
                    prefix,
                    child: Box::new(child.merge(*other_child, max_exact)),
                }
            }
        }
    }

    fn exact_len(&self) -> usize {
        match self {
            Node::Exact(children) => children.len(),
            _ => 0,
        }
    }

    fn render(&self, format: &ArnFormat, pieces: &mut Vec<Slot>, out: &mut Vec<String>) {
        match self {
            Node::Leaf => out.push(format.render_pattern(pieces)),
            Node::Exact(children) => {
                for (slot, child) in children {
                    pieces.push(slot.clone());
                    child.render(format, pieces, out);
                    pieces.pop();
                }
            }
            Node::Collapsed { prefix, child } => {
                pieces.push(Slot::Pattern(format!("{}*", escape_pattern(prefix))));
                child.render(format, pieces, out);
                pieces.pop();
            }
        }
    }
}

/// The text a value certainly starts with: a known value whole, a
/// pattern up to its first wildcard or variable, nothing for an unknown.
fn literal_prefix(slot: &Slot) -> &str {
    match slot {
        Slot::Known(value) => value,
        Slot::Unknown => "",
        Slot::Pattern(pattern) => {
            let end = pattern.find(['*', '?', '$']).unwrap_or(pattern.len());
            pattern.get(..end).unwrap_or("")
        }
    }
}

fn shorten_to_common_prefix(prefix: &mut String, other: &str) {
    let common = prefix
        .char_indices()
        .zip(other.chars())
        .find(|((_, a), b)| a != b)
        .map_or_else(|| prefix.len().min(other.len()), |((index, _), _)| index);
    // `other` may be shorter than `prefix`: cut at a character boundary.
    let mut cut = common.min(prefix.len());
    while !prefix.is_char_boundary(cut) {
        cut -= 1;
    }
    prefix.truncate(cut);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(bucket: &str, key: Option<&str>) -> ResourceArn {
        let format = Arc::new(ArnFormat::parse(
            "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
        ));
        ResourceArn {
            type_name: "object",
            format,
            slots: vec![
                Slot::Known("aws".into()),
                Slot::Known(bucket.into()),
                key.map_or(Slot::Unknown, |k| Slot::Known(k.into())),
            ],
        }
    }

    #[test]
    fn few_values_stay_exact_and_many_share_their_prefix() {
        let mut tree = ResourceTree::default();
        tree.add(&object("b", Some("raw/a.csv")), 3);
        tree.add(&object("b", Some("raw/b.csv")), 3);
        assert_eq!(
            tree.patterns(),
            ["arn:aws:s3:::b/raw/a.csv", "arn:aws:s3:::b/raw/b.csv"]
        );
        for i in 0..100 {
            tree.add(&object("b", Some(&format!("raw/2026/{i}.csv"))), 3);
        }
        tree.add(&object("other", Some("x")), 3);
        assert_eq!(
            tree.patterns(),
            ["arn:aws:s3:::b/raw/*", "arn:aws:s3:::other/x"]
        );
    }

    #[test]
    fn an_unknown_value_generalises_its_level() {
        let mut tree = ResourceTree::default();
        tree.add(&object("b", Some("k")), 10);
        tree.add(&object("b", None), 10);
        assert_eq!(tree.patterns(), ["arn:aws:s3:::b/*"]);
    }

    #[test]
    fn merging_in_any_order_gives_one_pass_result() {
        let keys: Vec<String> = (0..40).map(|i| format!("logs/{:02}/x{i}", i % 7)).collect();
        let mut one = ResourceTree::default();
        for key in &keys {
            one.add(&object("b", Some(key)), 5);
        }
        let (mut left, mut right) = (ResourceTree::default(), ResourceTree::default());
        for (i, key) in keys.iter().enumerate() {
            if i % 3 == 0 {
                left.add(&object("b", Some(key)), 5)
            } else {
                right.add(&object("b", Some(key)), 5)
            }
        }
        right.merge(left, 5);
        assert_eq!(right.patterns(), one.patterns());
        assert_eq!(one.patterns(), ["arn:aws:s3:::b/logs/0*"]);
    }

    #[test]
    fn wildcard_characters_in_values_are_escaped() {
        let mut tree = ResourceTree::default();
        tree.add(&object("b", Some("a*b")), 10);
        assert_eq!(tree.patterns(), ["arn:aws:s3:::b/a${*}b"]);
        tree.add_any();
        assert_eq!(tree.patterns(), ["*"]);
    }
}
