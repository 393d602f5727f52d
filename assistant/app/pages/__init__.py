"""One module per page of the app (run by st.navigation from their file paths)."""
