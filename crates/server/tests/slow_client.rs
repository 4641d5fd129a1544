//! The listener cuts off a client that trickles its request headers (slowloris) and
//! goes on serving everyone else.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the server closes the connection; returns what it sent.
async fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return answer,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trickling_headers_is_cut_off_and_others_are_served() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("slow.db");
    let config = duban_server::Config::new(&db);
    let router = tokio::task::spawn_blocking(move || duban_server::app(config).unwrap())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(duban_server::serve(
        listener,
        router,
        Duration::from_millis(500),
        async {
            let _ = stopped.await;
        },
    ));

    // A slow client: half a request line, then nothing.
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /reports HTTP/1.1\r\nHost: loc")
        .await
        .unwrap();
    let cut = tokio::time::timeout(Duration::from_secs(20), read_to_close(&mut slow))
        .await
        .expect("the server closes a connection whose headers never finish");
    assert!(
        !String::from_utf8_lossy(&cut).contains("200 OK"),
        "no answer to half a request: {:?}",
        String::from_utf8_lossy(&cut)
    );

    // Everyone else is still served.
    let mut client = TcpStream::connect(addr).await.unwrap();
    client
        .write_all(b"GET /api/reports HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(20), read_to_close(&mut client))
        .await
        .expect("a whole request is answered");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
