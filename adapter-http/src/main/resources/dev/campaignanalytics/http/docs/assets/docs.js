// Starts Swagger UI on the server's own OpenAPI document. Kept out of the page so that the page needs no inline
// script and its Content-Security-Policy can allow scripts from this server only.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
});
