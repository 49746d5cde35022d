"""The LangChain agent: any chat model driving the same calculator tools, returning the same Answer."""
