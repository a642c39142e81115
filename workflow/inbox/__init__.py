"""„Meine Aufgaben“: every piece of work a person can do now, across programmes and procedures.

Nothing here is stored as a todo: the items are read from the state of the cases and procedures, the workflow
declaration and the permissions (``engine.actions``), so an item is gone as soon as its work is done.
"""
