"""Correct implementations of GET /speakers-balance, each written with its framework's defaults.

Each honours openapi.yaml (200, 404, 400 for a bad/short/long/``%0A``/missing/empty hash, 401 with
``WWW-Authenticate`` for missing/Basic/unknown credentials, errors as ``{"message"}``) and leaves
everything the spec does not mention (405 bodies, ``Allow``, OPTIONS, TRACE) to the framework.
``tests/impls/correct/serve.py`` starts them; the contract must pass every one.
"""
