//! Unified diffs of two texts, line by line (the format of `diff -u`).
//!
//! The common prefix and suffix are stripped first; the changed middle is
//! aligned by a longest common subsequence of lines (policy edits change a
//! few lines, so the table stays small; past a size limit the middle is one
//! hunk of removals and additions).

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The largest middle (lines × lines) aligned by the LCS table.
const MAX_TABLE: usize = 4_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Keep(usize, usize),
    Remove(usize),
    Add(usize),
}

/// The unified diff of `old` and `new`, with `---`/`+++` headers naming
/// `a/NAME` and `b/NAME`; empty when the texts are equal.
pub fn unified_diff(old: &str, new: &str, name: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = align(&a, &b);
    let name = name.trim_start_matches('/');
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    for hunk in hunks(&ops) {
        write_hunk(&mut out, &ops[hunk.0..hunk.1], &a, &b);
    }
    out
}

fn align(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Keep(i, i)).collect();
    if a_mid.len().saturating_mul(b_mid.len()) > MAX_TABLE {
        ops.extend((0..a_mid.len()).map(|i| Op::Remove(prefix + i)));
        ops.extend((0..b_mid.len()).map(|j| Op::Add(prefix + j)));
    } else {
        ops.extend(lcs(a_mid, b_mid).into_iter().map(|op| match op {
            Op::Keep(i, j) => Op::Keep(prefix + i, prefix + j),
            Op::Remove(i) => Op::Remove(prefix + i),
            Op::Add(j) => Op::Add(prefix + j),
        }));
    }
    let (a_end, b_end) = (a.len() - suffix, b.len() - suffix);
    ops.extend((0..suffix).map(|k| Op::Keep(a_end + k, b_end + k)));
    ops
}

fn lcs(a: &[&str], b: &[&str]) -> Vec<Op> {
    let width = b.len() + 1;
    let mut table = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i * width + j] = if a[i] == b[j] {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push(Op::Keep(i, j));
            i += 1;
            j += 1;
        } else if i < a.len()
            && (j == b.len() || table[(i + 1) * width + j] >= table[i * width + j + 1])
        {
            ops.push(Op::Remove(i));
            i += 1;
        } else {
            ops.push(Op::Add(j));
            j += 1;
        }
    }
    ops
}

/// Ranges of ops that form hunks: each change with its context, hunks
/// closer than twice the context merged.
fn hunks(ops: &[Op]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, op) in ops.iter().enumerate() {
        if matches!(op, Op::Keep(..)) {
            continue;
        }
        let start = k.saturating_sub(CONTEXT);
        let end = (k + 1 + CONTEXT).min(ops.len());
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => out.push((start, end)),
        }
    }
    out
}

fn write_hunk(out: &mut String, ops: &[Op], a: &[&str], b: &[&str]) {
    let a_start = ops.iter().find_map(|op| match op {
        Op::Keep(i, _) | Op::Remove(i) => Some(*i),
        Op::Add(_) => None,
    });
    let b_start = ops.iter().find_map(|op| match op {
        Op::Keep(_, j) | Op::Add(j) => Some(*j),
        Op::Remove(_) => None,
    });
    let a_len = ops.iter().filter(|op| !matches!(op, Op::Add(_))).count();
    let b_len = ops.iter().filter(|op| !matches!(op, Op::Remove(_))).count();
    let range = |start: Option<usize>, len: usize| match (start, len) {
        (_, 0) => format!("{},0", start.unwrap_or(0)),
        (Some(s), 1) => format!("{}", s + 1),
        (Some(s), n) => format!("{},{n}", s + 1),
        (None, n) => format!("0,{n}"),
    };
    out.push_str(&format!(
        "@@ -{} +{} @@\n",
        range(a_start, a_len),
        range(b_start, b_len)
    ));
    for op in ops {
        let (mark, line) = match op {
            Op::Keep(i, _) => (' ', a[*i]),
            Op::Remove(i) => ('-', a[*i]),
            Op::Add(j) => ('+', b[*j]),
        };
        out.push(mark);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified_diff("a\n", "a\n", "p.json"), "");
    }

    #[test]
    fn an_added_line_is_one_hunk_with_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n";
        let new = "1\n2\n3\n4\n4.5\n5\n6\n7\n8\n";
        assert_eq!(
            unified_diff(old, new, "p.json"),
            "--- a/p.json\n+++ b/p.json\n@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+4.5\n 5\n 6\n 7\n"
        );
    }

    #[test]
    fn a_changed_last_line_without_newline_is_marked() {
        let diff = unified_diff("a\nb", "a\nc", "p");
        assert_eq!(
            diff,
            "--- a/p\n+++ b/p\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
    }
}
