//! The admin listener (a separate address, never exposed to vendors): `/healthz` (the process
//! answers), `/readyz` (a configuration is loaded and the gateway is not draining) and
//! `/metrics` (Prometheus text).

use std::sync::Arc;

use bytes::Bytes;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::body::{full, Body};
use super::Gateway;

pub async fn serve(gateway: Arc<Gateway>, listener: TcpListener, mut stopped: watch::Receiver<bool>) {
    loop {
        let (stream, _) = tokio::select! {
            _ = stopped.changed() => return,
            a = listener.accept() => match a { Ok(a) => a, Err(_) => continue },
        };
        let gw = gateway.clone();
        let draining = stopped.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let resp = route(&gw, &req, *draining.borrow());
                async move { Ok::<_, std::convert::Infallible>(resp) }
            });
            let _ = auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn route<B>(gw: &Gateway, req: &Request<B>, draining: bool) -> Response<Body> {
    match req.uri().path() {
        "/healthz" => text(StatusCode::OK, "text/plain", "ok\n".into()),
        "/readyz" if draining => text(StatusCode::SERVICE_UNAVAILABLE, "text/plain", "draining\n".into()),
        "/readyz" => {
            let generation = gw.snapshot.load().generation;
            text(StatusCode::OK, "text/plain", format!("ready (config generation {generation})\n"))
        }
        "/metrics" => text(
            StatusCode::OK,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
            gw.metrics.encode(),
        ),
        _ => text(StatusCode::NOT_FOUND, "text/plain", "not found\n".into()),
    }
}

fn text(status: StatusCode, content_type: &'static str, body: String) -> Response<Body> {
    let mut resp = Response::new(full(Bytes::from(body)));
    *resp.status_mut() = status;
    resp.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}
