"""The Streamlit app: main.py frames it, pages/ holds one module per page."""
