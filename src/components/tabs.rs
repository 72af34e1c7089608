//! The page tabs: a real ARIA tab list (roving focus, arrow keys, Home/End).

use yew::prelude::*;

use crate::route::Page;

/// Props of [`Tabs`].
#[derive(Properties, PartialEq)]
pub struct TabsProps {
    /// The page whose tab is selected.
    pub current: Page,
    /// Called with the page the user picked.
    pub on_select: Callback<Page>,
}

/// The id of a page's tab button.
pub fn tab_id(page: Page) -> String {
    format!("tab-{}", page.fragment())
}

/// The id of a page's panel.
pub fn panel_id(page: Page) -> String {
    format!("panel-{}", page.fragment())
}

/// The tab list.
#[function_component]
pub fn Tabs(props: &TabsProps) -> Html {
    let current = props.current;
    let onkeydown = {
        let on_select = props.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            let target = match e.key().as_str() {
                "ArrowRight" => current.next(),
                "ArrowLeft" => current.previous(),
                "Home" => Page::Build,
                "End" => Page::Predict,
                _ => return,
            };
            e.prevent_default();
            on_select.emit(target);
            super::focus(&tab_id(target));
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="fedcred pages" {onkeydown}>
            { for Page::ALL.into_iter().map(|page| {
                let selected = page == current;
                let onclick = props.on_select.reform(move |_: MouseEvent| page);
                html! {
                    <button
                        type="button"
                        role="tab"
                        id={tab_id(page)}
                        aria-selected={selected.to_string()}
                        aria-controls={panel_id(page)}
                        tabindex={if selected { "0" } else { "-1" }}
                        {onclick}
                    >
                        { page.title() }
                    </button>
                }
            }) }
        </div>
    }
}
