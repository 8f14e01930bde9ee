"""Per-student feedback HTML: the trusted score table, then the executed notebook.

Everything is escaped or sanitized: the table is built with html.escape, the notebook is
exported with nbconvert's `basic` template and `sanitize_html=True`, and any <script> that
survives is removed, so no script from a submission reaches the page. Hidden cases appear
only as "hidden case N: failed" and the kind of failure the grader computed (records.CaseResult.
feedback_text: never a message, exception or type name the kernel supplied); their inputs
and code never ran in the notebook's cells, so they cannot appear in the executed notebook.
"""

from __future__ import annotations

import html
import re

from autograder.records import GRADED, GRADER_FAILURE, SubmissionResult

_EXPORTER = None

_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
table.scores { border-collapse: collapse; margin: 1rem 0; width: 100%; }
table.scores th, table.scores td { border: 1px solid #ccc; padding: .3rem .5rem; vertical-align: top; text-align: left; }
.pass { color: #17603a; font-weight: bold; } .fail { color: #a11; font-weight: bold; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: .4rem; margin: .2rem 0; }
.flags li { margin: .2rem 0; } .notebook { border-top: 2px solid #888; margin-top: 2rem; }
"""


def _exporter():
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(template_name="basic", sanitize_html=True, exclude_input_prompt=False)
    return _EXPORTER


_SCRIPT = re.compile(r"<\s*/?\s*script\b[^>]*>", re.IGNORECASE)


def render(result: SubmissionResult | dict, executed_nb=None) -> str:
    """The feedback page for one graded submission."""
    if isinstance(result, dict):
        result = SubmissionResult.from_json(result)
    e = html.escape
    parts = ["<!DOCTYPE html>", "<html><head><meta charset='utf-8'>",
             f"<title>Feedback: {e(result.assignment)} — {e(result.student_id)}</title>",
             f"<style>{_CSS}</style></head><body>",
             f"<h1>{e(result.assignment)}: feedback for {e(result.student_id)}</h1>",
             f"<p><strong>Score: {result.score:g} / {result.max_score:g}</strong></p>"]
    if not result.sandboxed:
        parts.append("<p class='fail'>UNSAFE: graded without a sandbox (--unsafe-no-sandbox), for trusted "
                     "notebooks only.</p>")
    if result.status == GRADER_FAILURE:
        parts.append(f"<p class='fail'>Not graded yet: the grader failed ({e(result.reason)}); "
                     "this is not your notebook's fault and it will be graded again.</p>")
    elif result.status != GRADED:
        parts.append(f"<p class='fail'>Not graded: {e(result.reason)}</p>")
    parts.append("<table class='scores'><tr><th>test cell</th><th>points</th><th>result</th><th>details</th></tr>")
    for row in result.exercises:
        status = "<span class='pass'>passed</span>" if row.passed else "<span class='fail'>failed</span>"
        details = []
        if row.note:
            details.append(f"<pre>{e(row.note)}</pre>")
        for case in row.cases:
            if not case.passed:
                details.append(f"<div>{e(case.label)}: failed</div><pre>{e(case.feedback_text())}</pre>")
        if row.passed:
            details.append(f"all {len(row.cases)} cases passed")
        parts.append(f"<tr><td>{e(row.cell)}</td><td>{row.points:g} / {row.max_points:g}</td>"
                     f"<td>{status}</td><td>{''.join(details)}</td></tr>")
    parts.append("</table>")
    student_flags = [f for f in result.flags if f.kind in STUDENT_FLAG_KINDS]
    if student_flags:
        parts.append("<h2>Notes from the grader</h2><ul class='flags'>")
        parts += [f"<li>{e(f.kind)}: {e(f.message)}</li>" for f in student_flags]
        parts.append("</ul>")
    parts.append("<p>Scores come from the grader's own checks of your functions on fresh inputs, "
                 "including hidden cases; the notebook below shows your run with the visible tests.</p>")
    if executed_nb is not None:
        try:
            body, _ = _exporter().from_notebook_node(executed_nb)
            body = _SCRIPT.sub("", body)
            parts.append(f"<div class='notebook'>{body}</div>")
        except Exception as exc:  # the score table is what matters; say why the notebook is missing
            parts.append(f"<p>(The executed notebook could not be shown: {e(type(exc).__name__)}.)</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


STUDENT_FLAG_KINDS = {"broken file", "wrong file name", "missing", "timeout", "kernel stopped", "output truncated",
                      "test cell deleted", "test cell edited", "test cell duplicated", "read-only cell edited",
                      "read-only cell deleted", "metadata tampered", "syntax error", "error"}
