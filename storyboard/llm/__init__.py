"""LLM planners: an OpenAI-compatible endpoint (`openai`) or a local transformers model (`local`).

Both share one path (prompt → answer → parse → check against the article → shots); only the way an
answer is obtained differs. Nothing here is imported by `import storyboard`: the registry loads a
planner module when that planner is chosen, so httpx and torch stay out of the light path.
"""
