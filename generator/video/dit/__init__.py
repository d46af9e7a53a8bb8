"""DiT text-to-video and image-to-video through diffusers: Wan 2.1/2.2, CogVideoX, LTX-Video.

families: what each family needs (sizes, frame rule, fps, steps); loader: find, size and load a model
once per process; renderer: the `dit` VideoRenderer. Importing this package does not import torch.
"""
