// Starts GraphiQL from our own static files (no CDN). Cookie sessions send the CSRF token.
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var fetcher = GraphiQL.createFetcher({
    url: root.getAttribute("data-endpoint"),
    headers: { "X-CSRFToken": root.getAttribute("data-csrf") },
  });
  var defaultQuery = "# Welcome to the backprep GraphQL explorer.\n# You are using your browser session; scripts send a bearer token instead.\n\nquery Me {\n  me {\n    email\n    displayName\n    role\n    level\n  }\n}\n";
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery, defaultEditorToolsVisibility: true })
  );
})();
