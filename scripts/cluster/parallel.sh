#!/usr/bin/env bash
# Shard-and-merge with GNU parallel on one machine: N shards of one ensemble run as separate processes,
# then merged; the merged report must equal the unsplit run's byte for byte (timing aside).
#
#   scripts/cluster/parallel.sh [BIN] [RUNS] [SHARDS]
#
# CI runs it. Requires GNU parallel (Debian: apt-get install parallel).
set -euo pipefail
bin=${1:-target/release/bianjing}
runs=${2:-20000}
shards=${3:-4}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

seq 1 "$shards" | parallel --will-cite --halt now,fail=1 \
  "$bin" ensemble --runs "$runs" --seed 1126 --compare no-raid --shard {}/"$shards" --out "$dir"/part-{}.json

# Everything but the one `timing` object must agree.
untimed() { python3 -c 'import json, sys; d = json.load(sys.stdin); d.pop("timing", None); print(json.dumps(d, indent=1))'; }
"$bin" ensemble merge "$dir"/part-*.json --json | untimed > "$dir"/merged.json
"$bin" ensemble --runs "$runs" --seed 1126 --compare no-raid --json | untimed > "$dir"/unsplit.json

if cmp -s "$dir"/merged.json "$dir"/unsplit.json; then
  echo "parallel.sh: $shards shards merged equal the unsplit ensemble of $runs runs"
else
  diff "$dir"/merged.json "$dir"/unsplit.json | head -20
  echo "parallel.sh: merged shards differ from the unsplit ensemble" >&2
  exit 1
fi
