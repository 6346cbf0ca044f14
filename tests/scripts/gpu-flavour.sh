#!/usr/bin/env bash
# The GPU build cannot rot: builds the ONNX projects with -p:OnnxRuntimeFlavor=Gpu (Microsoft.ML.OnnxRuntime.Gpu) into
# artifacts-gpu/, apart from the CPU build outputs, and runs the encoder and decoder suites with it. Without a GPU (or
# without the CUDA 13 / cuDNN 9 libraries) the CUDA provider fails to load and the tests go through the CPU fallback
# users get: one warning with the reason, the model card saying "cpu". test.sh runs it after the normal suites.
# Usage: tests/scripts/gpu-flavour.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/../.."

started=$SECONDS
dotnet build tests/Rag.Onnx.Tests/Rag.Onnx.Tests.csproj -c Release -nologo -v quiet -p:OnnxRuntimeFlavor=Gpu --artifacts-path artifacts-gpu
dotnet test artifacts-gpu/bin/Rag.Onnx.Tests/release/Rag.Onnx.Tests.dll --logger "console;verbosity=normal" \
  --filter "FullyQualifiedName~.EncoderTests.|FullyQualifiedName~.EmbeddingParityTests.|FullyQualifiedName~.DecoderTests.|FullyQualifiedName~.GenAiEngineTests." "$@"
echo "GPU flavour (OnnxRuntimeFlavor=Gpu): build and encoder/decoder suites took $((SECONDS - started)) s"
