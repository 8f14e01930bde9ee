"""Test support shared by every test folder: notebooks and mutants, the grader as a
command, and one finite-difference oracle. Importable as `support` (pyproject puts tests/
on pytest's pythonpath); never installed with the grader."""
