"""nbgrader configuration of this course (read by every `python -m autograder` command).

nbgrader only reads `nbgrader_config.py` from the working directory and Jupyter's config
path; the commands put this folder on JUPYTER_CONFIG_PATH and run nbgrader from a work
folder, so an instructor never has to `cd` anywhere. To use nbgrader's own tools (the
formgrader, `nbgrader autograde`) on this course, run them with

    JUPYTER_CONFIG_PATH=autograder jupyter lab      # or: nbgrader ... from the repository root

Settings an instructor may change, all through environment variables:

    AUTOGRADER_COURSE_ROOT   the course folder holding solutions/ and notebooks/
                             (default: the repository this file lives in)
    AUTOGRADER_WORK_DIR      where nbgrader's work folders and the gradebook live
                             (default: <course root>/autograder/work, git-ignored)
    AUTOGRADER_DB_URL        the gradebook: any SQLAlchemy URL nbgrader accepts
                             (default: sqlite:///<work dir>/gradebook.db)

PostgreSQL instead of SQLite (install a driver such as psycopg2 first):

    export AUTOGRADER_DB_URL=postgresql+psycopg2://USER:PASSWORD@HOST:5432/backprop_course
"""

import importlib.util
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

# the folders and variables come from paths.py (loaded by file: nbgrader may run where the
# autograder package is not importable)
_spec = importlib.util.spec_from_file_location("_autograder_paths", Path(__file__).resolve().with_name("paths.py"))
paths = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = paths
_spec.loader.exec_module(paths)
COURSE = paths.Course.at()
ROOT, WORK = COURSE.root, COURSE.work

c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
# Work folders, outside the tracked tree (autograder/work/ is git-ignored).
c.CourseDirectory.submitted_directory = str(WORK / "submitted")
c.CourseDirectory.autograded_directory = str(WORK / "autograded")
c.CourseDirectory.feedback_directory = str(WORK / "feedback")
c.CourseDirectory.db_url = COURSE.db_url

# The lesson's text file (the instructor notebook with its answers), grading.py and the
# mutants sit next to the instructor notebook: never release them.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.py", "mutants", "feedback"]

# The stub a student replaces. `python -m autograder release` adds the function's name.
c.ClearSolutions.code_stub = {"python": 'raise NotImplementedError("Replace this line with your code.")'}

# Plain `nbgrader autograde` (the score that counts comes from `python -m autograder grade`).
c.Execute.timeout = 60
c.OverwriteCells.add_missing_cells = True
c.HTMLExporter.sanitize_html = True
c.ClearHiddenTests.enforce_metadata = True
