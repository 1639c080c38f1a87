"""Knowledge questions, from asking to publishing: one module per step, each importing only
those above it in this list:

- access: who may see and handle questions, and which steps a question is ready for;
- asking: storing a visitor's question and telling the editors;
- existing_knowledge: the pages of the portal that may already answer a question;
- suggestions: the communities and people that may answer it;
- triage: assigning, answering and closing, in the admin;
- publishing: an answered question as an anonymised page, submitted for review.

The models (KnowledgeQuestion, QuestionAnswerPage, ...) live in exchange.models.
"""


class QuestionError(Exception):
    """A step that cannot be taken; the message is meant for the person taking it."""
