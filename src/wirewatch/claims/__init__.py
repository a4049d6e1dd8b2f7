"""Attributed claims and the comparison of figures across outlets.

- ``attribution``: who says what, with which cue (from the dependency parse);
- ``stage``: the pipeline stage that turns attributions and figures into claims;
- ``keys``: the measured property a figure is about, normalised across wording;
- ``compare``: the verdict on two figures under one key, with the reasons;
- ``disputes``: figures grouped by key across the store;
- ``cli`` and ``report``: ``wirewatch disputes`` and the briefing section.
"""
