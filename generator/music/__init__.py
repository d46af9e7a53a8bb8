"""Background music: the user's own tracks (chosen by mood, licence carried along), or a bed generated on the spot."""

from generator.music.bed import make_bed, synthesize_bed
from generator.music.library import Track, choose_track, library, pick_music, read_sidecar

__all__ = ["Track", "choose_track", "library", "make_bed", "pick_music", "read_sidecar", "synthesize_bed"]
