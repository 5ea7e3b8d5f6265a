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
