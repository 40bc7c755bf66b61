#!/usr/bin/env python3
"""Baseline for the speedscope-read benchmark: Python's json.load of the whole file."""
import json
import sys

with open(sys.argv[1], "rb") as f:
    json.load(f)
