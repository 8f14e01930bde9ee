"""Instructor tools: release, self-check, grade, bundle (`python -m autograder --help`)."""
