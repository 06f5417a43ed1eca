"""The layer rule of docs/architecture.md, checked on the imports of every module."""

import ast
from pathlib import Path

import rillet

PACKAGE = Path(rillet.__file__).parent

# module prefix -> rillet modules it must not import
FORBIDDEN = {
    "rillet.protocol": ["rillet."],
    "rillet.core": [
        "rillet.components",
        "rillet.blocks",
        "rillet.interface",
        "rillet.chat",
        "rillet.server",
        "rillet.client",
        "rillet.frontend",
    ],
    "rillet.components": [
        "rillet.blocks",
        "rillet.interface",
        "rillet.chat",
        "rillet.server",
        "rillet.client",
    ],
    "rillet.server": [
        "rillet.components",
        "rillet.blocks",
        "rillet.interface",
        "rillet.chat",
        "rillet.client",
    ],
    "rillet.client": ["rillet.core", "rillet.components", "rillet.blocks", "rillet.server"],
    "rillet.themes": ["rillet.server", "rillet.blocks", "rillet.components", "rillet.client"],
    "rillet.rtc": [
        "rillet.core",
        "rillet.components",
        "rillet.blocks",
        "rillet.interface",
        "rillet.chat",
        "rillet.server",
        "rillet.client",
    ],
    "rillet.codecs": [
        "rillet.core",
        "rillet.components",
        "rillet.blocks",
        "rillet.interface",
        "rillet.chat",
        "rillet.server",
        "rillet.client",
    ],
}


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(rel.parts).removesuffix(".__init__")


def test_layers_import_only_downwards():
    problems = []
    for path in PACKAGE.rglob("*.py"):
        mod = module_name(path)
        for prefix, banned in FORBIDDEN.items():
            if mod == prefix or mod.startswith(prefix + "."):
                for name in imports_of(path):
                    if any(name == b.rstrip(".") or name.startswith(b) for b in banned):
                        problems.append(f"{mod} imports {name}")
    assert problems == []


def test_importing_rillet_loads_no_server_and_no_heavy_library():
    import subprocess
    import sys

    code = (
        "import sys, rillet; "
        "heavy = [m for m in ('numpy', 'PIL', 'av', 'starlette', 'uvicorn', 'ray') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
