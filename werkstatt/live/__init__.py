"""The live session's data core: revisions per workshop, change notices, commands applied once."""
