"""The Streamlit workspace (``streamlit run app/main.py``)."""
