#!/usr/bin/env python3
"""Prints each failed test of the given .trx files with the head of its message, so the end of a CI log
(often all that is kept) names what failed and why."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MESSAGE_LINES = 12

for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        print(f"FAILED to read {path}: {error}")
        continue
    for result in root.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        print(f"FAILED {result.get('testName')} ({result.get('duration')})")
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS).strip().splitlines()
        for line in message[:MESSAGE_LINES]:
            print(f"    {line[:300]}")
        if len(message) > MESSAGE_LINES:
            print(f"    ... {len(message) - MESSAGE_LINES} more lines in {path}")
