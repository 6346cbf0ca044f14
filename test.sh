#!/usr/bin/env bash
# Runs the whole test suite: builds, starts a throw-away PostgreSQL server for the PostgreSQL suites,
# runs every test project, then builds the GPU flavour of the ONNX projects and runs their encoder and decoder suites
# with it, stops the server. Usage: ./test.sh [extra dotnet test args]  (RAG_TEST_GPU_FLAVOUR=0 leaves the GPU step out)
set -euo pipefail
cd "$(dirname "$0")"

dotnet build Rag.sln -c Release -nologo -v quiet

# The independent reference implementation (transformers.js) the encoder tests compare against.
if [ ! -d tests/Rag.Onnx.Tests/reference-js/node_modules ]; then
  (cd tests/Rag.Onnx.Tests/reference-js && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund)
fi

if [ -z "${RAG_TEST_POSTGRES:-}" ]; then
  PG_DIR="$(mktemp -d -t rag-postgres.XXXXXX)"
  trap 'tests/scripts/postgres.sh stop "$PG_DIR"' EXIT
  RAG_TEST_POSTGRES="$(tests/scripts/postgres.sh start "$PG_DIR" | tail -n 1)"
  export RAG_TEST_POSTGRES
fi

# One test project at a time: on a 2-core machine parallel suites only slow each other down.
dotnet test Rag.sln -c Release --no-build -nologo -m:1 --logger "console;verbosity=normal" "$@"

# The GPU build cannot rot: the Gpu flavour's encoder and decoder suites (see tests/scripts/gpu-flavour.sh).
if [ "${RAG_TEST_GPU_FLAVOUR:-1}" != "0" ]; then
  tests/scripts/gpu-flavour.sh
fi
