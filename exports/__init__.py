"""Workbooks: the tally export and the roster template/reader."""
