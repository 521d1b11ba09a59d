#!/usr/bin/env bash
# ./imbridge package: dist/imbridge-<version>.tar.gz with the jar, the launcher, the example config and the systemd
# unit, under one folder imbridge-<version>/. The version is the one the jar reports (Maven's project version), and
# the tarball is listed back and checked before its path is printed.
#   usage: packaging/tarball.sh <java> <imbridge.jar>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="$1"
JAR="$2"
die() { echo "imbridge package: $*" >&2; exit 1; }

VERSION="$("$JAVA" -jar "$JAR" --version | awk '$1 == "imbridge" {print $2; exit}')"
[ -n "$VERSION" ] || die "$JAR does not report its version"
NAME="imbridge-$VERSION"
EXPECTED=("$NAME/imbridge" "$NAME/imbridge.jar" "$NAME/config.example.yaml" "$NAME/imbridge.service" "$NAME/README.md")

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir "$STAGE/$NAME"
install -m 0755 "$ROOT/imbridge" "$STAGE/$NAME/imbridge"
install -m 0644 "$JAR" "$STAGE/$NAME/imbridge.jar"
install -m 0644 "$ROOT/config.example.yaml" "$ROOT/docs/imbridge.service" "$ROOT/README.md" "$STAGE/$NAME/"

mkdir -p "$ROOT/dist"
OUT="$ROOT/dist/$NAME.tar.gz"
tar -C "$STAGE" --owner=0 --group=0 --numeric-owner -czf "$OUT" "$NAME"

# The check: every expected file is in the tarball, and nothing else.
LISTED="$(tar -tzf "$OUT" | grep -v '/$' | sort)"
WANTED="$(printf '%s\n' "${EXPECTED[@]}" | sort)"
[ "$LISTED" = "$WANTED" ] || die "$OUT holds:"$'\n'"$LISTED"$'\n'"expected:"$'\n'"$WANTED"
echo "$OUT"
