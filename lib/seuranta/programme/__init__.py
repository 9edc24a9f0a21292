"""The programme definition: its model, schema, loading, generated reference and starter."""
