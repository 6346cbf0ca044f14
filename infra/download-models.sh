#!/usr/bin/env bash
# Fetches models from the Hugging Face Hub into the models directory that docker-compose.yml mounts at /models:
#   <dest>/embedding   a sentence encoder as ONNX (model.onnx + tokenizer + configs) -> Rag__Embedding__ModelPath
#   <dest>/llm         optionally, an LLM in Hugging Face format for the vLLM server of the `llm` profile
# Every file is checked against the checksum the Hub publishes for it (SHA-256 for LFS files such as weights,
# the git blob SHA-1 for small files), and a SHA256SUMS file is written next to the files.
#
# usage: infra/download-models.sh [--dest DIR] [--embedding REPO] [--revision REV] [--llm REPO] [--llm-revision REV]
# needs: bash, curl, python3, sha256sum, sha1sum. Set HF_TOKEN for gated or private repositories.
set -euo pipefail

dest=./models
embedding=sentence-transformers/all-MiniLM-L6-v2
revision=main
llm=
llm_revision=main
hub=${HF_ENDPOINT:-https://huggingface.co}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dest) dest=$2; shift 2 ;;
    --embedding) embedding=$2; shift 2 ;;
    --revision) revision=$2; shift 2 ;;
    --llm) llm=$2; shift 2 ;;
    --llm-revision) llm_revision=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

auth=()
[[ -n "${HF_TOKEN:-}" ]] && auth=(-H "Authorization: Bearer $HF_TOKEN")

# Prints "path<TAB>sha256|sha1<TAB>hash" for the repository's files that match the Python regex $3.
list_files() {
  curl -fsSL "${auth[@]}" "$hub/api/models/$1/tree/$2?recursive=true" | python3 -c '
import json, re, sys
pattern = re.compile(sys.argv[1])
for entry in json.load(sys.stdin):
    if entry.get("type") != "file" or not pattern.fullmatch(entry["path"]):
        continue
    lfs = entry.get("lfs")
    print(entry["path"], "sha256" if lfs else "sha1", lfs["oid"] if lfs else entry["oid"], sep="\t")
' "$3"
}

# The git blob id of a file: sha1 of "blob <size>\0" followed by the content.
git_blob_sha1() {
  { printf 'blob %s\0' "$(stat -c %s "$1")"; cat "$1"; } | sha1sum | cut -d' ' -f1
}

# download REPO REVISION REGEX TARGET_DIR
download() {
  local repo=$1 rev=$2 regex=$3 target=$4 count=0
  mkdir -p "$target"
  local files
  files=$(list_files "$repo" "$rev" "$regex")
  [[ -n "$files" ]] || { echo "no matching files in $repo@$rev" >&2; exit 1; }
  : > "$target/SHA256SUMS.partial"
  while IFS=$'\t' read -r path kind expected; do
    local file="$target/$path" actual
    mkdir -p "$(dirname "$file")"
    echo "  $repo/$path"
    curl -fL --retry 3 -sS "${auth[@]}" -o "$file.part" "$hub/$repo/resolve/$rev/$path"
    if [[ $kind == sha256 ]]; then actual=$(sha256sum "$file.part" | cut -d' ' -f1); else actual=$(git_blob_sha1 "$file.part"); fi
    if [[ $actual != "$expected" ]]; then
      rm -f "$file.part"
      echo "checksum mismatch for $repo/$path: expected $kind $expected, got $actual" >&2
      exit 1
    fi
    mv "$file.part" "$file"
    (cd "$target" && sha256sum "$path") >> "$target/SHA256SUMS.partial"
    count=$((count + 1))
  done <<< "$files"
  mv "$target/SHA256SUMS.partial" "$target/SHA256SUMS"
  echo "$count files of $repo@$rev in $target (verified; re-check with: cd $target && sha256sum -c SHA256SUMS)"
}

echo "embedding model $embedding@$revision"
# The encoder needs one ONNX graph (the repository root's, else onnx/model.onnx), its tokenizer and configs.
download "$embedding" "$revision" '(onnx/)?model\.onnx|[^/]*\.(json|txt)|1_Pooling/config\.json' "$dest/embedding"
if [[ -f "$dest/embedding/model.onnx" && -f "$dest/embedding/onnx/model.onnx" ]]; then
  rm "$dest/embedding/onnx/model.onnx"
  sed -i '\# onnx/model.onnx$#d' "$dest/embedding/SHA256SUMS"
fi

if [[ -n "$llm" ]]; then
  echo "LLM $llm@$llm_revision"
  download "$llm" "$llm_revision" '[^/]*\.(json|safetensors|txt|model|tiktoken|jinja)' "$dest/llm"
fi
