"""The `still` picture source: one generated image per shot from a text-to-image model, moved by a camera."""
