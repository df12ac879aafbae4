"""The apps are layered and import one way only (docs/architecture.md, "Layers").

Every .py file of the apps (not migrations) is parsed; each import of another of our apps must
point to a lower layer. Apps on the same layer do not import each other. App code never looks a
model up by name (`apps.get_model`) nor imports a module by a computed name, and it imports
other apps only at module level, except in an AppConfig's `ready()` where Django needs it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lower number, lower layer. An app may import apps of lower layers only.
LAYERS = {
    "integration_journal": 0,
    "outbox": 0,
    "push": 0,
    "accounts": 1,
    "intentions": 2,
    "journal": 3,
    "practices": 4,
    "measures": 4,
    "care": 5,
    "reports": 6,
    "mydata": 6,
    "notifications": 6,
}

# The root URLconf and the settings name every app by design.
MAY_NAME_EVERY_APP = {"integration_journal/urls.py", "integration_journal/settings.py"}


def _app_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in LAYERS else None


def _inside_functions(tree: ast.AST) -> dict[int, str]:
    """id(node) -> name of the innermost function that holds it."""
    holder: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if inner is not node:
                    holder[id(inner)] = node.name
    return holder


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def violations(source: str, app: str, relpath: str) -> list[tuple[str, str, str]]:
    """(file:line, imported app or "", what is wrong) for one file of `app`."""
    tree = ast.parse(source)
    functions = _inside_functions(tree)
    found = []
    for node in ast.walk(tree):
        where = f"{relpath}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name == "get_model":
                found.append((where, "", "looks a model up by name (apps.get_model)"))
            elif name in {"import_module", "__import__"}:
                found.append((where, "", "imports a module by a computed name"))
            continue
        for module in _imported_modules(node):
            target = _app_of(module)
            if target is None or target == app:
                continue
            function = functions.get(id(node))
            if function is not None and not (relpath.endswith("/apps.py") and function == "ready"):
                found.append((where, target, f"imports {module} inside {function}()"))
            if relpath in MAY_NAME_EVERY_APP:
                continue
            if LAYERS[target] == LAYERS[app]:
                found.append((where, target, f"imports {module}, an app on the same layer"))
            elif LAYERS[target] > LAYERS[app]:
                found.append((where, target, f"imports {module}, an app of a higher layer"))
    return found


def app_files():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield app, path.relative_to(ROOT).as_posix(), path


def all_violations():
    for app, relpath, path in app_files():
        for found in violations(path.read_text(encoding="utf-8"), app, relpath):
            yield relpath, found


def test_every_app_is_on_a_layer():
    apps_here = {
        path.parent.name for path in ROOT.glob("*/apps.py") if path.parent.name != "bench"
    } | {"integration_journal"}
    assert apps_here == set(LAYERS)


def test_apps_import_only_lower_layers():
    problems = [f"{where}: {what}" for _, (where, _, what) in all_violations()]
    assert problems == []


@pytest.mark.parametrize(
    ("app", "source", "complaint"),
    [
        ("journal", "from care.models import Share\n", "higher layer"),
        ("accounts", "import mydata.export\n", "higher layer"),
        ("measures", "from practices.stats import practice_counts\n", "same layer"),
        ("reports", "from mydata import export\n", "same layer"),
        ("care", "def f():\n    from journal.models import Entry\n", "inside f()"),
        ("care", "from django.apps import apps\nM = apps.get_model('journal.Entry')\n", "by name"),
        ("mydata", "import importlib\nm = importlib.import_module('care.demo')\n", "computed"),
    ],
)
def test_the_checker_flags_a_fabricated_violation(app, source, complaint):
    found = violations(source, app, f"{app}/example.py")
    assert len(found) == 1
    assert found[0][0].startswith(f"{app}/example.py:")
    assert complaint in found[0][2]


@pytest.mark.parametrize(
    ("app", "relpath", "source"),
    [
        ("care", "care/example.py", "from journal.models import Entry\n"),
        ("mydata", "mydata/example.py", "from care import access\nfrom accounts import demo\n"),
        ("journal", "journal/example.py", "from journal import themes\nfrom . import prompts\n"),
        ("accounts", "accounts/apps.py", "def ready(self):\n    from accounts import signals\n"),
        ("care", "care/apps.py", "def ready(self):\n    from journal import signals\n"),
        ("integration_journal", "integration_journal/urls.py", "from care.views import crisis\n"),
    ],
)
def test_the_checker_lets_allowed_imports_pass(app, relpath, source):
    assert violations(source, app, relpath) == []
