"""What tests share: builders of documents and hostile files, the Kamer world of the sync
tests, the assistant command as a user runs it. Tests import from here, never from another
test module or from conftest."""
