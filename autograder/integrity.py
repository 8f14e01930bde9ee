"""Integrity checks on a submission: its cells against the release, and a static scan.

Neither changes a score by itself (the score comes only from the grading calls); they tell
the instructor what to look at. Test cells are always taken from the release, so editing,
deleting, duplicating or re-labelling them, or tampering with their metadata, gains nothing.
"""

from __future__ import annotations

import ast

from autograder import cells
from autograder.records import Flag

_NBGRADER_KEYS = ("grade", "grade_id", "locked", "points", "solution", "checksum")


def compare_cells(release, submission) -> list[Flag]:
    """Flags for test/locked cells deleted, edited, duplicated, re-labelled or re-marked."""
    flags = []
    sub_cells = submission.get("cells", [])
    by_id: dict[str, list] = {}
    for cell in sub_cells:
        gid = cells.nbgrader_meta(cell).get("grade_id")
        if isinstance(gid, str):
            by_id.setdefault(gid, []).append(cell)
    rel_ids = {}
    for cell in release.cells:
        gid = cells.nbgrader_meta(cell).get("grade_id")
        if gid:
            rel_ids[gid] = cell
    locked_sources = {cells.normalized_source(c): gid for gid, c in rel_ids.items() if cells.is_locked(c)}
    for gid, rel in rel_ids.items():
        kind = "test cell" if cells.is_test(rel) else \
            "read-only cell" if cells.is_locked(rel) else "answer cell"
        found = by_id.get(gid, [])
        if not found:
            flags.append(Flag(f"{kind} deleted", f"{kind} {gid!r} is missing from the submission"
                              + (" (restored from the release for grading)" if cells.is_locked(rel) else "")))
            continue
        if len(found) > 1:
            flags.append(Flag(f"{kind} duplicated", f"{kind} {gid!r} appears {len(found)} times"))
        for cell in found:
            if cells.is_locked(rel) and cells.normalized_source(cell) != cells.normalized_source(rel):
                flags.append(Flag(f"{kind} edited", f"{kind} {gid!r} was edited (the release version was graded)"))
            rm, sm = cells.nbgrader_meta(rel), cells.nbgrader_meta(cell)
            changed = [k for k in _NBGRADER_KEYS if k != "checksum" and rm.get(k) != sm.get(k)]
            if cells.is_locked(rel) and rm.get("checksum") != sm.get("checksum"):
                changed.append("checksum")
            if changed:
                flags.append(Flag("metadata tampered", f"nbgrader metadata of {gid!r} changed: "
                                  + ", ".join(f"{k} {rm.get(k)!r} -> {sm.get(k)!r}" for k in changed)))
            if cell.get("cell_type") != rel.cell_type:
                flags.append(Flag("metadata tampered", f"cell {gid!r} changed type to {cell.get('cell_type')!r}"))
    for gid, same_id in by_id.items():
        if gid not in rel_ids:
            m = cells.nbgrader_meta(same_id[0])
            what = "claims to be a graded test cell" if m.get("grade") else "has nbgrader metadata"
            flags.append(Flag("unknown cell id", f"a cell with grade id {gid!r}, not in the release, {what} "
                              "(re-labelled? it earns nothing)"))
    for i, cell in enumerate(sub_cells):
        gid = cells.nbgrader_meta(cell).get("grade_id")
        src = cells.normalized_source(cell)
        if src and src in locked_sources and gid != locked_sources[src]:
            flags.append(Flag("test cell re-labelled", f"cell {i + 1} holds the source of {locked_sources[src]!r} "
                              f"but is labelled {gid!r}"))
    return flags


# --------------------------------------------------------------------------- static scan

_WATCHED_ROOTS = {"numpy", "builtins", "backprop", "autograder", "sys", "importlib", "IPython"}
_PROCESS = {"os.system", "os.fork", "os.forkpty", "os.kill", "os.killpg", "os.setsid", "os.execv", "os.execve",
            "os.popen", "os.spawnv", "subprocess", "multiprocessing", "signal.signal", "ctypes",
            "threading.Thread", "os._exit", "pty"}


_SAFE_MAGICS = {"matplotlib", "time", "timeit", "precision", "pprint", "who", "whos", "pinfo", "pinfo2",
                "capture", "html", "markdown", "latex"}


def _to_python(source: str) -> str:
    """Cell source as plain Python (IPython magics and ! commands made explicit)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:
        return source


class _Scanner(ast.NodeVisitor):
    def __init__(self, forbidden: dict[str, str], reference_modules: set[str]):
        self.aliases: dict[str, str] = {}
        self.forbidden = forbidden
        self.reference_modules = reference_modules
        self.found: list[tuple[str, str]] = []

    def dotted(self, node) -> str | None:
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            base = self.aliases.get(node.id, node.id)
            return ".".join([base] + parts[::-1])
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "get_ipython":
            return ".".join(["get_ipython()"] + parts[::-1])
        return None

    def add(self, kind, text):
        if (kind, text) not in self.found:
            self.found.append((kind, text))

    # imports ---------------------------------------------------------------
    def visit_Import(self, node):
        for alias in node.names:
            self.aliases[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
            self._check_import(alias.name)
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        mod = node.module or ""
        for alias in node.names:
            full = f"{mod}.{alias.name}" if mod else alias.name
            self.aliases[alias.asname or alias.name] = full
            self._check_import(full)
            self._check_name(full)
        self._check_import(mod)
        self.generic_visit(node)

    def _check_import(self, name):
        if name.split(".")[0] == "importlib":
            self.add("import tricks", f"imports {name}")
        if name.split(".")[0] == "autograder":
            self.add("import tricks", f"imports the grader's package ({name})")
        for mod in self.reference_modules:
            if name == mod or name.startswith(mod + "."):
                self.add("reference module imported", f"imports {name}, which holds the reference solution")

    def _check_name(self, dotted):
        for name, cell in self.forbidden.items():
            if dotted == name or dotted.startswith(name + "."):
                self.add("calls the reference", f"uses {name}, the reference implementation of {cell}")

    # names and attributes --------------------------------------------------
    def visit_Name(self, node):
        if node.id in ("__import__", "__builtins__", "__loader__", "__spec__"):
            self.add("import tricks", f"uses {node.id}")
        if node.id in self.aliases:
            self._check_name(self.aliases[node.id])
        self.generic_visit(node)

    def visit_Attribute(self, node):
        dotted = self.dotted(node)
        if dotted:
            self._check_name(dotted)
            if dotted.startswith("sys.modules") or dotted.startswith("sys.meta_path") or dotted.startswith("sys.path_hooks"):
                self.add("import tricks", f"uses {dotted.split('(')[0]}")
            if dotted.startswith("get_ipython()"):
                self.add("IPython hooks", f"uses {dotted}")
            if dotted.split(".")[-1] in ("input_transformers_post", "input_transformers_cleanup", "ast_transformers",
                                         "input_transformer_manager", "register_magic_function", "events"):
                self.add("IPython hooks", f"uses {dotted}")
        self.visit(node.value)

    def visit_Call(self, node):
        fn = self.dotted(node.func) or ""
        if fn in ("get_ipython().run_line_magic", "get_ipython().run_cell_magic") and node.args \
                and isinstance(node.args[0], ast.Constant) and node.args[0].value in _SAFE_MAGICS:
            for arg in node.args[1:]:
                self.visit(arg)
            return
        if fn == "get_ipython().system" or fn == "get_ipython().getoutput":
            self.add("shell command", "runs a shell command (!...)")
            return
        if fn in ("setattr", "delattr") and node.args:
            target = self.dotted(node.args[0]) or ""
            if target.split(".")[0] in _WATCHED_ROOTS:
                self.add("monkeypatching", f"{fn}() on {target}")
        if fn in ("exec", "eval", "compile"):
            self.add("dynamic code", f"calls {fn}()")
        if fn == "get_ipython()" or fn.startswith("get_ipython()."):
            self.add("IPython hooks", f"calls {fn}")
        if fn == "get_ipython":
            self.add("IPython hooks", "calls get_ipython()")
        for proc in _PROCESS:
            if fn == proc or fn.startswith(proc + "."):
                self.add("process control", f"calls {fn}")
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self.aliases.pop(node.name, None)   # a student's own function shadows an imported name
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.aliases.pop(node.name, None)
        self.generic_visit(node)

    def _check_target(self, target):
        if isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                self._check_target(t)
            return
        node = target.value if isinstance(target, ast.Subscript) else target
        if isinstance(node, ast.Attribute):
            dotted = self.dotted(node) or ""
            root = dotted.split(".")[0]
            if root in _WATCHED_ROOTS or dotted.startswith("get_ipython()"):
                self.add("monkeypatching", f"assigns to {dotted}")
        elif isinstance(node, ast.Name) and isinstance(target, ast.Subscript):
            base = self.aliases.get(node.id, node.id)
            if base in ("__builtins__",) or base.split(".")[0] in _WATCHED_ROOTS:
                self.add("monkeypatching", f"assigns into {base}[...]")

    def visit_Assign(self, node):
        for t in node.targets:
            self._check_target(t)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._check_target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._check_target(node.target)
        self.generic_visit(node)

    def visit_Delete(self, node):
        for t in node.targets:
            self._check_target(t)
        self.generic_visit(node)

    def visit_Global(self, node):
        self.generic_visit(node)


def static_scan(code_cells: list, forbidden: dict[str, str], context: list[str] = ()) -> list[Flag]:
    """Scan the student's code cells (given as (label, source) pairs) for suspicious code.

    `forbidden` maps dotted reference names to the test cell they solve; importing their
    modules is flagged too. `context` holds the released notebook's own code cells: they
    are read first, only to learn their import aliases (e.g. `import backprop.optim as ref`),
    so that a student's `ref.adam_update(...)` is recognised; nothing in them is flagged.
    """
    modules = {name.rsplit(".", 1)[0] for name in forbidden if "." in name}
    flags = []
    scanner = _Scanner(dict(forbidden), modules)
    for source in context:
        try:
            scanner.visit(ast.parse(_to_python(source)))
        except SyntaxError:
            pass
    scanner.found.clear()
    for label, source in code_cells:
        code = _to_python(source)
        try:
            tree = ast.parse(code)
        except SyntaxError as exc:
            flags.append(Flag("syntax error", f"{label}: {exc.msg} (line {exc.lineno})"))
            continue
        before = len(scanner.found)
        scanner.visit(tree)
        for kind, text in scanner.found[before:]:
            flags.append(Flag(kind, f"{label}: {text}"))
    return flags

