//! The `zoneproof` command-line interface.

fn main() {
    println!("zoneproof");
}
