# Shared by the packaging tests: a PATH on which no Rust toolchain can be found, so an install
# that tried to compile (or to download a toolchain) fails instead of passing slowly.
no_rust_path() {
  local shadow="$1" dir out=""
  mkdir -p "$shadow"
  for tool in cargo rustc rustup; do
    printf '#!/bin/sh\necho "%s: no Rust toolchain in this packaging test" >&2\nexit 127\n' "$tool" > "$shadow/$tool"
    chmod +x "$shadow/$tool"
  done
  local IFS=:
  for dir in $PATH; do
    [ -n "$dir" ] || continue
    [ -e "$dir/cargo" ] || [ -e "$dir/rustc" ] || [ -e "$dir/rustup" ] && continue
    out="$out:$dir"
  done
  printf '%s%s' "$shadow" "$out"
}

# Fails unless FILE carries no symbol table or debug info and is under MAX bytes (if given).
check_binary() {
  local file="$1" max="${2:-}" size
  size=$(wc -c < "$file")
  printf '  %s: %s bytes\n' "$(basename "$file")" "$size"
  if [ -n "$max" ] && [ "$size" -ge "$max" ]; then
    echo "FAIL: $file is $size bytes, over the $max-byte limit" >&2
    return 1
  fi
  if command -v readelf > /dev/null; then
    if readelf -S -W "$file" | grep -Eq ' \.(symtab|debug_info) '; then
      echo "FAIL: $file is not stripped (it has .symtab or .debug_info)" >&2
      return 1
    fi
  fi
}

# Fails if FILE needs a glibc newer than MAX (e.g. 2.17, manylinux2014's): the newest
# GLIBC_x.y version among the symbols it imports.
check_glibc() {
  local file="$1" max="$2" newest
  command -v readelf > /dev/null || { echo "  (readelf not found: glibc version not checked)"; return 0; }
  newest=$(readelf -V -W "$file" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n -k3,3n | tail -n1)
  printf '  %s: needs glibc %s\n' "$(basename "$file")" "${newest:-(none)}"
  if [ -n "$newest" ] && [ "$(printf '%s\n%s\n' "$newest" "$max" | sort -t. -k1,1n -k2,2n -k3,3n | tail -n1)" != "$max" ]; then
    echo "FAIL: $file needs glibc $newest, newer than $max" >&2
    return 1
  fi
}

# Runs the Python suite (bindings/python/tests) with the virtualenv VENV's Python, after
# checking that it imports the package installed in VENV, not the sources next to the suite.
run_python_suite() {
  local venv="$1" root="$2"
  local vpy="$venv/bin/python"
  "$vpy" -m pip install --quiet "pytest>=8" "hypothesis>=6" "jsonschema>=4.18" "python-dateutil>=2.9" "numpy>=1.26"
  (cd "$venv/.." && "$vpy" - "$venv" <<'PY'
import sys, watchstander
assert watchstander.__file__.startswith(sys.argv[1]), watchstander.__file__
print("  installed:", watchstander.__file__)
PY
  )
  (cd "$venv/.." && "$vpy" -m pytest -q -p no:cacheprovider --rootdir "$root/bindings/python" "$root/bindings/python/tests")
}
