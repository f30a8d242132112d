//! Inline SVG bar charts drawn from [`crate::report::BarChart`] models: rectangles and text
//! only, with a title and a description of every value for screen readers.

use yew::prelude::*;

use crate::report::BarChart;

/// Geometry of one chart in SVG user units; the SVG scales to its container.
const WIDTH: f64 = 600.0;
const LABEL: f64 = 235.0;
const VALUE: f64 = 130.0;
const ROW: f64 = 26.0;

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub chart: BarChart,
}

#[component]
pub fn Chart(props: &ChartProps) -> Html {
    let c = &props.chart;
    let plot = WIDTH - LABEL - VALUE;
    let height = ROW * c.bars.len() as f64 + 8.0;
    let title_id = format!("{}-title", c.id);
    let desc_id = format!("{}-desc", c.id);
    html! {
        <figure class="chart" id={c.id}>
            <svg viewBox={format!("0 0 {WIDTH} {height}")} role="img"
                aria-labelledby={format!("{title_id} {desc_id}")} preserveAspectRatio="xMinYMin meet">
                <title id={title_id.clone()}>{ &c.title }</title>
                <desc id={desc_id}>{ &c.description }</desc>
                { for c.bars.iter().enumerate().map(|(i, b)| {
                    let y = 4.0 + ROW * i as f64;
                    html! {
                        <g class={classes!("bar", b.class.clone())}>
                            <text x={(LABEL - 8.0).to_string()} y={(y + ROW * 0.62).to_string()} text-anchor="end" class="bar-label">{ &b.label }</text>
                            <rect x={LABEL.to_string()} y={(y + 4.0).to_string()} width={(plot * b.length).max(1.0).to_string()} height={(ROW - 8.0).to_string()} rx="2" />
                            <text x={(LABEL + plot + 6.0).to_string()} y={(y + ROW * 0.62).to_string()} class="bar-value">{ &b.value_label }</text>
                        </g>
                    }
                }) }
                if let Some((at, label)) = &c.reference {
                    <g class="reference">
                        <line x1={(LABEL + plot * at).to_string()} x2={(LABEL + plot * at).to_string()} y1="0" y2={height.to_string()} />
                        <text x={(LABEL + plot * at + 3.0).to_string()} y="11" class="reference-label">{ label }</text>
                    </g>
                }
            </svg>
            <figcaption>{ &c.title }</figcaption>
        </figure>
    }
}
