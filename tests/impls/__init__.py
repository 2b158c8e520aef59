"""Implementations of GET /speakers-balance used to prove `mockserver contract`: one correct
reference (``reference.py``) and a catalogue of broken ones (``defects.py``), one defect each."""
