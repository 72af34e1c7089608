//! A counter: the smallest real Yew app, marking its first render like fedcred does.
use yew::prelude::*;

#[function_component]
fn App() -> Html {
    let count = use_state(|| 0);
    use_effect_with((), |_| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("fedcred:rendered");
        }
    });
    let onclick = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    html! {
        <main>
            <button {onclick}>{ "+1" }</button>
            <p>{ *count }</p>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
