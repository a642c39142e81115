"""Measures: the programme-defined lines of an application and the rules that turn them into money.

A measure is what a programme funds, line by line: a staff position, an item of a Kosten- und Finanzierungsplan,
an investment. Each kind lives in a module of its own here, pure (no database, no Flask, no engine), so that the
programmes that share a kind share its arithmetic and the engine only stores and shows what the module computes.
"""
