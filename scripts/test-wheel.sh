#!/usr/bin/env bash
# `make test` (Python part): install the wheel that `make wheel` built into a
# fresh virtual environment, with cargo and rustc off the PATH, and run the
# Python tests against it with the system's libz3 hidden, so they pass only
# if the wheel brings everything it needs.
#
#   scripts/test-wheel.sh [PYTEST ARGS...]
#
# Environment: PYTHON (default python3), VENV (default .venv), ZONEPROOF_BIN
# (the CLI the parity tests compare with; default target/debug/zoneproof),
# ZONEPROOF_BENCH_BIN (the development tool whose generators feed some
# tests; default zoneproof-bench beside the CLI).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
venv=${VENV:-.venv}
target=${CARGO_TARGET_DIR:-target}
cli=${ZONEPROOF_BIN:-$target/debug/zoneproof}
bench=${ZONEPROOF_BENCH_BIN:-$(dirname "$cli")/zoneproof-bench}

wheels=(dist/zoneproof-*.whl)
[ "${#wheels[@]}" -eq 1 ] && [ -f "${wheels[0]}" ] || {
    echo "test-wheel: expected exactly one dist/zoneproof-*.whl (run \`make wheel\`)" >&2; exit 1; }
wheel=${wheels[0]}

# A PATH without Rust: no directory that holds cargo or rustc.
no_rust_path=
IFS=: read -r -a dirs <<< "$PATH"
for dir in "${dirs[@]}"; do
    [ -n "$dir" ] && { [ -e "$dir/cargo" ] || [ -e "$dir/rustc" ]; } && continue
    no_rust_path=${no_rust_path:+$no_rust_path:}$dir
done
env PATH="$no_rust_path" sh -c 'command -v cargo || command -v rustc' >/dev/null \
    && { echo "test-wheel: cannot take cargo off the PATH" >&2; exit 1; }

echo "test-wheel: fresh $venv, installing $(basename "$wheel") ($(du -h "$wheel" | cut -f1)) without cargo on the PATH"
rm -rf "$venv"
env PATH="$no_rust_path" "$python" -m venv "$venv"
env PATH="$no_rust_path" "$venv/bin/pip" install --quiet --only-binary zoneproof "$wheel" \
    pytest mypy "dask[dataframe]" distributed

# The extension must load libz3 from the wheel, not from the system.
extension=$("$venv/bin/python" -c 'import importlib.util as u; print(u.find_spec("zoneproof._zoneproof").origin)')
z3_line=$(ldd "$extension" | grep libz3 || true)
echo "test-wheel: $z3_line"
case "$z3_line" in
    *"/zoneproof.libs/libz3"*) ;;
    *) echo "test-wheel: the extension does not load the wheel's libz3" >&2; exit 1 ;;
esac

# The CLI (the parity tests' reference) keeps its own copy of the system libz3.
system_z3=$(ldd "$cli" | awk '/libz3/ {print $3}')
cli_libs="$target/wheel-test/cli-libs"
mkdir -p "$cli_libs"
cp "$system_z3" "$cli_libs/"
cat > "$target/wheel-test/zoneproof" <<WRAPPER
#!/bin/sh
LD_LIBRARY_PATH="$(realpath "$cli_libs")" exec "$(realpath "$cli")" "\$@"
WRAPPER
chmod +x "$target/wheel-test/zoneproof"
cat > "$target/wheel-test/zoneproof-bench" <<WRAPPER
#!/bin/sh
LD_LIBRARY_PATH="$(realpath "$cli_libs")" exec "$(realpath "$bench")" "\$@"
WRAPPER
chmod +x "$target/wheel-test/zoneproof-bench"

run_tests=(env -u LD_LIBRARY_PATH PATH="$no_rust_path" ZONEPROOF_BIN="$(realpath "$target/wheel-test/zoneproof")"
           ZONEPROOF_BENCH_BIN="$(realpath "$target/wheel-test/zoneproof-bench")"
           "$venv/bin/python" -m pytest python/tests -q "$@")
if [ "$(id -u)" = 0 ] && unshare --mount true 2>/dev/null; then
    echo "test-wheel: system libz3 ($system_z3) hidden from the Python tests"
    # In a private mount namespace, the system library becomes an empty file.
    unshare --mount sh -c 'mount --bind /dev/null "$0" && exec "$@"' "$system_z3" "${run_tests[@]}"
else
    echo "test-wheel: cannot hide the system libz3 here (needs root and unshare); ldd showed the wheel's copy in use"
    "${run_tests[@]}"
fi
