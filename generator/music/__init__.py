"""Background music: the user's own tracks, or a bed generated on the spot."""

from generator.music.bed import make_bed, pick_music, synthesize_bed

__all__ = ["make_bed", "pick_music", "synthesize_bed"]
